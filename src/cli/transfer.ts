/** Entry of `npm run transfer`: starts TF.js's wasm backend, runs the command (transferCommand.ts), writes, exits. */
import process from 'node:process';
import { runGuarded } from './entry';

async function main(): Promise<void> {
  const { runTransferCommand } = await import('./transferCommand');
  const { startWasmInNode } = await import('../workers/nodeBackend');
  await startWasmInNode();
  const r = await runTransferCommand(process.argv.slice(2));
  process.exitCode = r.code;
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

runGuarded('transfer', main);
