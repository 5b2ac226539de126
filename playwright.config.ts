import { defineConfig } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webgpuArgs } from './scripts/chromium.mjs';

/** E2E_PORT lets parallel checkouts run their own preview server; CI uses 4173. */
const port = Number(process.env.E2E_PORT ?? 4173);

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
      use: { launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, ...webgpuArgs] } },
      grepInvert: /@webgl|@cpu/,
    },
    {
      name: 'webgl',
      use: { launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs] } },
      grep: /@webgl/,
    },
    {
      name: 'cpu',
      use: { launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, '--disable-webgl'] } },
      grep: /@cpu/,
    },
  ],
});
