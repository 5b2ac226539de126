// `node scripts/build-wasm.mjs [--force]`: compiles the AssemblyScript kernels in wasm/ to
// wasm/build/*.wasm (an artifact: git-ignored, never committed) with AssemblyScript from
// devDependencies, 128-bit SIMD enabled, -O3 (and a shared-memory build of the SGD kernel for the threaded path). Skips a kernel whose .wasm is newer than its source and
// than the installed compiler. Run by vite.config.ts (dev, build, preview, vitest) and the benchmarks,
// so `npm ci && npm start` needs nothing else. Also importable: `await buildWasm()`.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** asc's flags: SIMD on, -O3, no runtime beyond a stub (the kernels never allocate), no assertions. */
const ASC_FLAGS = ['--enable', 'simd', '-O3', '--noAssert', '--runtime', 'stub', '--initialMemory', '1'];

/**
 * The same source built a second time for the multi-threaded path: it imports its memory (env.memory)
 * as a shared WebAssembly.Memory (threads feature; maximum 4 GiB, the JS side passes a memory of
 * exactly the size it needs), so several instances, one per worker, work on the same tables.
 */
const SHARED_FLAGS = [...ASC_FLAGS, '--enable', 'threads', '--importMemory', '--sharedMemory', '--maximumMemory', '65536'];

/** Kernels: AssemblyScript source → output, relative to the repo root, and asc's flags. */
export const WASM_KERNELS = [
  { source: 'wasm/mfSgd.ts', output: 'wasm/build/mfSgd.wasm', flags: ASC_FLAGS },
  { source: 'wasm/mfSgd.ts', output: 'wasm/build/mfSgdShared.wasm', flags: SHARED_FLAGS },
  { source: 'wasm/bprSgd.ts', output: 'wasm/build/bprSgd.wasm', flags: ASC_FLAGS },
  { source: 'wasm/knnSums.ts', output: 'wasm/build/knnSums.wasm', flags: ASC_FLAGS },
];

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : -Infinity);

/** Builds every stale kernel; returns the outputs written. Throws with asc's messages on failure. */
export async function buildWasm({ force = false, quiet = false } = {}) {
  const require = createRequire(import.meta.url);
  const ascPkg = require.resolve('assemblyscript/package.json');
  const { default: asc } = await import('assemblyscript/asc');
  const written = [];
  for (const { source, output, flags } of WASM_KERNELS) {
    const src = resolve(root, source);
    const out = resolve(root, output);
    if (!force && mtime(out) > Math.max(mtime(src), mtime(ascPkg), mtime(fileURLToPath(import.meta.url)))) continue;
    mkdirSync(dirname(out), { recursive: true });
    const t0 = performance.now();
    let stderr = '';
    const { error } = await asc.main([src, '--outFile', out, ...flags], {
      stdout: { write: () => true },
      stderr: { write: (s) => ((stderr += String(s)), true) },
    });
    if (error) throw new Error(`AssemblyScript failed on ${source}: ${error.message}\n${stderr}`);
    if (!quiet) console.log(`build-wasm: ${source} → ${output} (${Math.round(performance.now() - t0)} ms)`);
    written.push(out);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWasm({ force: process.argv.includes('--force') });
}
