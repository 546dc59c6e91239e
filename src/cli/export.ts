/**
 * Entry of `npm run export`: runs the command (exportCommand.ts) with the file system, and TF.js's wasm backend
 * started only when the tfjs format needs it; writes its output and exits. Failures end as one stderr line.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { runGuarded, writeResult } from './entry';

/**
 * mkdir -p, one level at a time: Node 20's `mkdirSync(dir, { recursive: true })` spins forever where the kernel
 * answers ENOENT for a path whose parent exists (under /proc), so an unwritable --out would hang instead of failing.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

runGuarded('export', async () => {
  const { runExport } = await import('./exportCommand');
  const readGuarded = (path: string) => {
    // Refuse huge files before reading them whole; a network file or its weights are far smaller.
    if (statSync(path).size > 2_000_000_000) throw new Error('the file is over 2 GB');
    return readFileSync(path);
  };
  const r = await runExport(process.argv.slice(2), {
    readText: (path) => readGuarded(path).toString('utf8'),
    readBytes: (path) => new Uint8Array(readGuarded(path)),
    write(dir, name, data) {
      makeDirs(dir);
      writeFileSync(join(dir, name), data);
    },
    async tfjs(spec, base, weights, meta) {
      const { startWasmInNode } = await import('../workers/nodeBackend');
      await startWasmInNode();
      const { buildModel } = await import('../models/tfjs/build');
      const { serializeModel } = await import('../models/tfjs/export');
      const { copyPretrained } = await import('../training/transferModels');
      const { model } = buildModel(spec);
      try {
        if (weights) {
          const copied = copyPretrained(model, weights);
          const missing = model.weights.filter((w) => !copied.includes(w.originalName));
          if (missing.length > 0) throw new Error(`the file has no weight ${missing[0]!.originalName}`);
        }
        return await serializeModel(model, base, meta ?? { trained: weights !== null });
      } finally {
        model.dispose();
      }
    },
  });
  writeResult(r);
});
