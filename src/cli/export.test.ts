// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runExport, type ExportIo } from './exportCommand';

const root = fileURLToPath(new URL('../..', import.meta.url));
const lenetJson = join(root, 'public/models/lenet5-mnist/model.json');
const work = mkdtempSync(join(tmpdir(), 'convatlas-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An io over the real files for reading, collecting what would be written; tfjs is not needed by these tests. */
function memoryIo(): ExportIo & { written: Map<string, string | Uint8Array> } {
  const written = new Map<string, string | Uint8Array>();
  return {
    written,
    readText: (p) => readFileSync(p, 'utf8'),
    readBytes: (p) => new Uint8Array(readFileSync(p)),
    write: (dir, name, data) => void written.set(`${dir}/${name}`, data),
    tfjs: () => Promise.reject(new Error('not in this test')),
  };
}

async function fails(argv: string[], code: number, message: RegExp) {
  const io = memoryIo();
  const r = await runExport(argv, io);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(io.written.size).toBe(0);
}

describe('npm run export', () => {
  it('writes a zoo network as model.py with build_model(), torchvision-named', async () => {
    const io = memoryIo();
    const r = await runExport(['resnet18', '--format', 'pytorch', '--out', 'out'], io);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect([...io.written.keys()]).toEqual(['out/model.py']);
    const code = io.written.get('out/model.py') as string;
    expect(code).toContain('def build_model():');
    expect(code).toContain('self.layer1 = nn.Sequential(');
    expect(r.stdout).toMatch(/^ResNet-18 \(resnet18\), input 224x224x3, 11,699,112 parameters, as PyTorch:\n {2}out\/model\.py {2}[\d.]+ KiB\n$/);
  });

  it('writes the Keras script under the name the app downloads', async () => {
    const io = memoryIo();
    const r = await runExport(['lenet5', '--format', 'keras', '--out', 'k'], io);
    expect(r.code).toBe(0);
    expect([...io.written.keys()]).toEqual(['k/lenet_5_keras.py']);
    expect(io.written.get('k/lenet_5_keras.py')).toContain('keras.Model(');
  });

  it('exports at another input size', async () => {
    const io = memoryIo();
    const r = await runExport(['vgg16', '--format', 'keras', '--out', 'v', '--input', '64x64x3'], io);
    expect(r.code).toBe(0);
    // 14,714,688 in the convolutions + fc6 (2x2x512 -> 4096) 8,392,704 + fc7 16,781,312 + fc8 4,097,000.
    expect(r.stdout).toContain('input 64x64x3, 43,985,704 parameters');
    expect(io.written.get('v/vgg_16_keras.py')).toContain('shape=(64, 64, 3)');
  });

  it('a model.json with weights gives model.py and weights.npz that load strictly into it', async () => {
    const out = join(work, 'lenet');
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', lenetJson, '--format', 'pytorch', '--out', out], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain(`${out}/weights.npz`);
    const py = spawnSync('/usr/bin/python3', ['-c', 'import model; m = model.build_model(); model.load_convatlas_weights(m, "weights.npz"); print(sum(p.numel() for p in m.parameters()))'], { cwd: out, encoding: 'utf8', timeout: 120_000 });
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe('61706');
  });

  it('a model.json to TF.js keeps its own weights byte for byte', async () => {
    const out = join(work, 'tfjs');
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', lenetJson, '--format', 'tfjs', '--out', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'lenet_5_modern.model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[]; userDefinedMetadata: unknown };
    expect(json.weightsManifest[0]!.paths).toEqual(['lenet_5_modern.weights.bin']);
    expect(json.userDefinedMetadata).toEqual({ convatlas: { trained: true } });
    expect(Buffer.compare(readFileSync(join(out, 'lenet_5_modern.weights.bin')), readFileSync(join(root, 'public/models/lenet5-mnist/model.weights.bin')))).toBe(0);
  });

  it('a DIR that cannot be written exits 2 with one line, no stack trace', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    const p = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', 'lenet5', '--format', 'keras', '--out', join(file, 'sub')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(p.status).toBe(2);
    expect(p.stdout).toBe('');
    expect(p.stderr).toBe(`export: cannot write 'lenet_5_keras.py' into '${join(file, 'sub')}': a part of the path is a file\n`);
  });

  it('bad usage and bad input exit non-zero with one line and write nothing', async () => {
    await fails(['resnet5', '--format', 'pytorch', '--out', 'o'], 2, /^export: unknown network 'resnet5' \(did you mean 'resnet50'\?\)/);
    await fails(['lenet5', '--format', 'onnx', '--out', 'o'], 2, /^export: unknown format 'onnx'; one of pytorch, keras, tfjs$/m);
    await fails(['lenet5', '--out', 'o'], 2, /^export: missing --format/);
    await fails(['lenet5', '--format', 'keras'], 2, /^export: missing --out DIR/);
    await fails(['--format', 'keras', '--out', 'o'], 2, /^export: missing network/);
    await fails(['lenet5', '--format', 'keras', '--out', 'o', '--depth', '3'], 2, /^export: unknown option '--depth'/);
    await fails(['lenet5', '--format', 'keras', '--out', 'o', '--input', '32x32'], 2, /^export: bad --input '32x32'/);
    await fails([join(work, 'missing.json'), '--format', 'keras', '--out', 'o'], 2, /cannot read '.*missing\.json': no such file/);
    await fails(['vgg16', '--format', 'pytorch', '--out', 'o', '--input', '10x10x3'], 1, /^export: 'vgg16' has \d+ errors? at input 10x10x3, nothing written; the first: /);
    // A model.json whose weights file is not beside it.
    const alone = join(work, 'alone');
    rmSync(alone, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', alone]);
    copyFileSync(lenetJson, join(alone, 'model.json'));
    await fails([join(alone, 'model.json'), '--format', 'pytorch', '--out', 'o'], 2, /cannot read the weights '.*alone\/model\.weights\.bin' that 'model\.json' names: no such file/);
  });
});
