/**
 * The shared guard of the command-line entries (`npm run summary`, `predict`, `transfer`): every failure ends as one
 * stderr line, never a stack trace; a closed stdout (EPIPE, e.g. `| head`) ends quietly. And how a command's result is written.
 */
import process from 'node:process';

export const INTERNAL = 3;

function isEpipe(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'EPIPE';
}

/** Installs the guard for command `name`, then runs `main`. */
export function runGuarded(name: string, main: () => Promise<void>): void {
  const die = (e: unknown): never => {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    try {
      process.stderr.write(`${name}: internal error: ${msg}\n`);
    } catch {
      // stderr is gone too; nothing left to tell.
    }
    process.exit(INTERNAL);
  };
  process.stdout.on('error', (e) => (isEpipe(e) ? process.exit(process.exitCode ?? 0) : die(e)));
  process.stderr.on('error', () => process.exit(process.exitCode ?? INTERNAL));
  process.on('uncaughtException', (e) => (isEpipe(e) ? process.exit(process.exitCode ?? 0) : die(e)));
  process.on('unhandledRejection', die);
  main().catch(die);
}

/** What one run of a pure command produced (summaryCommand, predictCommand, transferCommand): the entry writes the streams and exits with `code`. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Sets the exit code and writes a command's output. */
export function writeResult(r: CommandResult): void {
  process.exitCode = r.code;
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

/**
 * The entry of a command that runs on TF.js's wasm backend in Node: inside the guard, loads the command (so even a
 * failing import ends as one line), starts the backend, runs it on the process's arguments, writes, exits.
 */
export function runWasmCommand(name: string, load: () => Promise<(argv: string[]) => Promise<CommandResult>>): void {
  runGuarded(name, async () => {
    const command = await load();
    const { startWasmInNode } = await import('../workers/nodeBackend');
    await startWasmInNode();
    writeResult(await command(process.argv.slice(2)));
  });
}
