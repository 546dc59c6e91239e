#!/usr/bin/env bash
# Builds src/models/tfjs/kernels/atlas.wasm from atlas.c with Debian's clang and lld (apt-get install clang lld).
# The module shares TF.js's memory, so it must not own any: this script fails if the built module has a data
# segment, uses a shadow stack, or has its own memory instead of the imported one.
# With --check it builds into a temporary file and fails if that differs from the committed atlas.wasm.
set -euo pipefail
cd "$(dirname "$0")/../src/models/tfjs/kernels"
out=atlas.wasm
[ "${1:-}" = --check ] && out="$(mktemp --suffix=.wasm)"
CLANG="${CLANG:-clang}"
NM="${NM:-llvm-nm}"
obj="$(mktemp --suffix=.o)"
trap 'rm -f "$obj"; [ "$out" = atlas.wasm ] || rm -f "$out"' EXIT
"$CLANG" --target=wasm32 -O3 -msimd128 -fno-math-errno -fno-builtin -nostdlib -fno-vectorize -fno-slp-vectorize \
  -Wall -Wextra -Werror -c -o "$obj" atlas.c
# Every symbol must be code (T/t): a D/B/R symbol is data in TF.js's heap, an undefined __stack_pointer a shadow stack.
if "$NM" "$obj" | grep -v -E '^[0-9a-f]* [Tt] '; then
  echo "atlas.c must use no data and no shadow stack (the symbols above)" >&2
  exit 1
fi
wasm-ld --no-entry --import-memory --strip-all -o "$out" "$obj"
if [ "$out" != atlas.wasm ] && ! cmp -s "$out" atlas.wasm; then
  echo "atlas.wasm is not what atlas.c builds to: run npm run build:wasm and commit both" >&2
  exit 1
fi
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const m = new WebAssembly.Module(readFileSync(process.argv[1]));
  const bad = [];
  const imports = WebAssembly.Module.imports(m);
  if (imports.length !== 1 || imports[0].kind !== "memory") bad.push("imports " + JSON.stringify(imports));
  for (const e of WebAssembly.Module.exports(m)) if (e.kind !== "function") bad.push("exports a " + e.kind + " (" + e.name + ")");
  const bytes = readFileSync(process.argv[1]);
  // section 11: data
  for (let i = 8; i < bytes.length; ) {
    const id = bytes[i++]; let size = 0, shift = 0, b;
    do { b = bytes[i++]; size |= (b & 127) << shift; shift += 7; } while (b & 128);
    if (id === 11) bad.push("a data segment");
    i += size;
  }
  if (bad.length) { console.error("atlas.wasm must not own memory state: " + bad.join("; ")); process.exit(1); }
  console.log("atlas.wasm: " + bytes.length + " bytes, exports " + WebAssembly.Module.exports(m).map((e) => e.name).join(", "));
' "$out"
