// Where the tests find Chromium, and the flags this machine needs. Shared by Playwright's config,
// the Chromium check and the benchmark.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags every launch needs here (no sandbox as root, no background traffic on a closed network). */
export const baseChromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** WebGPU through SwiftShader: works headless on a localhost page (a secure context). */
export const webgpuArgs = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

export function chromiumMissingMessage() {
  return [
    `No Chromium found at ${chromiumPath}.`,
    'The end-to-end tests and the benchmark drive a real Chromium. Get one with either:',
    '  Debian/Ubuntu:  sudo apt-get install chromium        (then it is at /usr/bin/chromium)',
    '  elsewhere:      npx playwright install chromium       (where downloads work), then',
    '                  export CHROMIUM_PATH="$(node -e "console.log(require(\'playwright-core\').chromium.executablePath())")"',
    'or point CHROMIUM_PATH at any Chromium/Chrome binary.',
  ].join('\n');
}

export function hasChromium() {
  return existsSync(chromiumPath);
}
