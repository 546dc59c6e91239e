/** Entry of `npm run transfer`: starts TF.js's wasm backend, runs the command (transferCommand.ts), writes, exits. */
import { runWasmCommand } from './entry';

runWasmCommand('transfer', async () => (await import('./transferCommand')).runTransferCommand);
