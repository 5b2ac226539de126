import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { buildWasm } from './scripts/build-wasm.mjs';

/** Compiles wasm/*.ts (AssemblyScript) to wasm/build/*.wasm before dev, build, preview and vitest. */
function wasmKernels(): Plugin {
  return {
    name: 'wasm-kernels',
    async config() {
      await buildWasm({ quiet: true });
    },
  };
}

/** Cross-origin isolation (SharedArrayBuffer for multi-threaded WASM); any static host must send the same two. */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [wasmKernels(), react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { port: 5173, headers: isolation },
  preview: { port: 5173, headers: isolation },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
