/** Entry of `npm run predict`: starts TF.js's wasm backend, runs the command (predictCommand.ts), writes, exits. */
import process from 'node:process';
import { runGuarded } from './entry';

async function main(): Promise<void> {
  const { runPredict } = await import('./predictCommand');
  const { startWasmInNode } = await import('../workers/nodeBackend');
  await startWasmInNode();
  const r = await runPredict(process.argv.slice(2));
  process.exitCode = r.code;
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
}

runGuarded('predict', main);
