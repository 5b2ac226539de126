import { defineConfig } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webgpuArgs } from './scripts/chromium.mjs';

/** E2E_PORT lets parallel checkouts run their own preview server; CI uses 4173. */
const port = Number(process.env.E2E_PORT ?? 4173);

/**
 * Each project pins the backend it tests (the page's remembered choice, so a test can still pick
 * another, Automatic included): Automatic would measure and might train elsewhere.
 */
function pinned(backend: 'webgpu' | 'webgl' | 'cpu') {
  return { cookies: [], origins: [{ origin: `http://localhost:${port}`, localStorage: [{ name: 'reclab.backend', value: backend }] }] };
}

/**
 * Three browsers, one per backend path: WebGPU through SwiftShader; no WebGPU adapter (so WebGL);
 * WebGL disabled too (so the lab's own CPU trainer).
 */
export default defineConfig({
  testDir: './e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    headless: true,
    viewport: { width: 1280, height: 900 },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'webgpu',
      use: { storageState: pinned('webgpu'), launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, ...webgpuArgs] } },
      grepInvert: /@webgl|@cpu/,
    },
    {
      name: 'webgl',
      use: { storageState: pinned('webgl'), launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs] } },
      grep: /@webgl/,
    },
    {
      name: 'cpu',
      use: { storageState: pinned('cpu'), launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, '--disable-webgl'] } },
      grep: /@cpu/,
    },
  ],
});
