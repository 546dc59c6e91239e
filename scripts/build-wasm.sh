#!/usr/bin/env bash
# Builds ConvAtlas's own SIMD kernels from src/models/tfjs/kernels/atlas.c with Debian's clang and lld
# (apt-get install clang lld llvm), twice:
#   atlas.wasm     imports TF.js's own (unshared) memory: zero-copy kernels on the tensors where TF.js keeps them;
#   atlas-mt.wasm  imports a shared memory: the same kernels run by several threads (atlasThreads.ts).
# The modules share memory they do not own, so neither may have data, a shadow stack or a memory of its own: the
# script fails if one does. With --check it builds into temporary files and fails if they differ from the
# committed ones.
set -euo pipefail
cd "$(dirname "$0")/../src/models/tfjs/kernels"
CLANG="${CLANG:-clang}"
NM="${NM:-llvm-nm}"
check=false
[ "${1:-}" = --check ] && check=true
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

build() { # name, extra compile flags, extra link flags
  local name=$1 cflags=$2 lflags=$3 out
  out=$name
  $check && out="$tmp/$name"
  "$CLANG" --target=wasm32 -O3 -msimd128 $cflags -fno-math-errno -fno-builtin -nostdlib -fno-vectorize -fno-slp-vectorize \
    -Wall -Wextra -Werror -c -o "$tmp/$name.o" atlas.c
  # Every symbol must be code (T/t): a D/B/R symbol is data in a heap it does not own, an undefined
  # __stack_pointer a shadow stack.
  if "$NM" "$tmp/$name.o" | grep -v -E '^[0-9a-f]* [Tt] '; then
    echo "atlas.c must use no data and no shadow stack (the symbols above)" >&2
    exit 1
  fi
  wasm-ld --no-entry --import-memory $lflags --strip-all -o "$out" "$tmp/$name.o"
  if $check && ! cmp -s "$out" "$name"; then
    echo "$name is not what atlas.c builds to: run npm run build:wasm and commit both" >&2
    exit 1
  fi
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const [file, shared] = [process.argv[1], process.argv[2] === "shared"];
    const bytes = readFileSync(file);
    const m = new WebAssembly.Module(bytes);
    const bad = [];
    const imports = WebAssembly.Module.imports(m);
    if (imports.length !== 1 || imports[0].kind !== "memory") bad.push("imports " + JSON.stringify(imports));
    for (const e of WebAssembly.Module.exports(m)) if (e.kind !== "function") bad.push("exports a " + e.kind + " (" + e.name + ")");
    // section 11: data
    for (let i = 8; i < bytes.length; ) {
      const id = bytes[i++]; let size = 0, shift = 0, b;
      do { b = bytes[i++]; size |= (b & 127) << shift; shift += 7; } while (b & 128);
      if (id === 11) bad.push("a data segment");
      i += size;
    }
    const memory = new WebAssembly.Memory(shared ? { initial: 64, maximum: 32768, shared: true } : { initial: 64 });
    try { new WebAssembly.Instance(m, { env: { memory } }); } catch (e) { bad.push("does not take a" + (shared ? " shared" : "n unshared") + " memory: " + e.message); }
    if (bad.length) { console.error(file + " must not own memory state: " + bad.join("; ")); process.exit(1); }
    console.log(process.argv[3] + ": " + bytes.length + " bytes, exports " + WebAssembly.Module.exports(m).map((e) => e.name).join(", "));
  ' "$out" "$4" "$name"
}

build atlas.wasm "" "" unshared
build atlas-mt.wasm "-matomics -mbulk-memory" "--shared-memory --max-memory=2147483648" shared
