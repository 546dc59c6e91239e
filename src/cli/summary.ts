/**
 * Entry of `npm run summary`: runs the pure command (summaryCommand.ts), writes its output and sets the exit code.
 * Every failure ends as one stderr line, never a stack trace; a closed stdout (EPIPE, e.g. `| head`) ends quietly.
 */
import process from 'node:process';
import { runGuarded, writeResult } from './entry';

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
  writeResult(r);
}

runGuarded('summary', main);
