/**
 * The shared guard of the command-line entries (`npm run summary`, `npm run predict`): every failure ends as one
 * stderr line, never a stack trace; a closed stdout (EPIPE, e.g. `| head`) ends quietly.
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
