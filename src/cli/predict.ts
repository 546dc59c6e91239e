/** Entry of `npm run predict`: starts TF.js's wasm backend, runs the command (predictCommand.ts), writes, exits. */
import { runWasmCommand } from './entry';

runWasmCommand('predict', async () => (await import('./predictCommand')).runPredict);
