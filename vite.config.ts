import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { buildWasm } from './scripts/build-wasm.mjs';
import { CSP_DIRECTIVES, DEV_CSP_DIRECTIVES, serializeCsp } from './src/security/csp.ts';

/** Compiles wasm/*.ts (AssemblyScript) to wasm/build/*.wasm before dev, build, preview and vitest. */
function wasmKernels(): Plugin {
  return {
    name: 'wasm-kernels',
    async config() {
      await buildWasm({ quiet: true });
    },
  };
}

/**
 * The Content-Security-Policy (src/security/csp.ts) as a `<meta>` tag at the top of the built
 * index.html, so a static host that sends no headers still enforces it on the page.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: serializeCsp(CSP_DIRECTIVES, { forMeta: true }) }, injectTo: 'head-prepend' },
      ],
    },
  };
}

/** Cross-origin isolation (SharedArrayBuffer for multi-threaded WASM); any static host must send the same two. */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [wasmKernels(), react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  // Nothing inlined as a data: URL (the wasm kernel, a KaTeX font): every asset is a same-origin
  // file, so the policy needs no data: source anywhere.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  // The header reaches the worker too (a worker's policy comes from its own response).
  server: { port: 5173, headers: { ...isolation, 'Content-Security-Policy': serializeCsp(DEV_CSP_DIRECTIVES) } },
  preview: { port: 5173, headers: { ...isolation, 'Content-Security-Policy': serializeCsp(CSP_DIRECTIVES) } },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
