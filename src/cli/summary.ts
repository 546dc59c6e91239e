/**
 * Entry of `npm run summary`: runs the pure command (summaryCommand.ts), writes its output and sets the exit code.
 * Every failure ends as one stderr line, never a stack trace; a closed stdout (EPIPE, e.g. `| head`) ends quietly.
 */
import process from 'node:process';

const INTERNAL = 3;

/** Reports an unexpected failure as one line and exits; the last resort behind the command's own handling. */
function die(e: unknown): never {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
  try {
    process.stderr.write(`summary: internal error: ${msg}\n`);
  } catch {
    // stderr is gone too; nothing left to tell.
  }
  process.exit(INTERNAL);
}

function isEpipe(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'EPIPE';
}

process.stdout.on('error', (e) => (isEpipe(e) ? process.exit(process.exitCode ?? 0) : die(e)));
process.stderr.on('error', () => process.exit(process.exitCode ?? INTERNAL));
process.on('uncaughtException', (e) => (isEpipe(e) ? process.exit(process.exitCode ?? 0) : die(e)));
process.on('unhandledRejection', die);

/** Loads the command inside the guard (so even a failing import ends as one line), runs it, writes, exits. */
async function main(): Promise<void> {
  const { run } = await import('./summaryCommand');
  const { readFileSync, statSync } = await import('node:fs');
  const r = run(process.argv.slice(2), {
    readFile(path) {
      // Refuse huge files before reading them whole (the spec schema caps text at 5 M characters anyway).
      if (statSync(path).size > 20_000_000) throw new Error('the file is over 20 MB; a network file is far smaller');
      return readFileSync(path, 'utf8');
    },
  });
  process.exitCode = r.code;
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

main().catch(die);
