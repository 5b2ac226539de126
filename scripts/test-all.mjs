// `npm test`: type check, lint, unit tests (Vitest, Node), build, then end-to-end tests (Playwright,
// real Chromium). Prints one closing line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissingMessage, hasChromium } from './chromium.mjs';

const out = mkdtempSync(join(tmpdir(), 'reclab-test-'));
const unitJson = join(out, 'unit.json');
const e2eJson = join(out, 'e2e.json');

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

if (!hasChromium()) {
  console.error(chromiumMissingMessage());
  process.exit(1);
}

let ok = true;
ok = run('type check', 'npx', ['tsc', '-p', 'tsconfig.json']) && ok;
ok = run('lint', 'npx', ['eslint', '.', '--max-warnings=0']) && ok;
ok = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`]) && ok;
const built = run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
ok = built && ok;
if (built) {
  ok = run('end-to-end tests', 'npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson }) && ok;
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(unitJson)) {
  const u = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  skipped += u.numPendingTests + (u.numTodoTests ?? 0);
}
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
  passed += s.expected;
  failed += s.unexpected + (s.flaky ?? 0);
  skipped += s.skipped;
}
if (!ok && failed === 0) failed = 1; // a failed step (type check, lint, build) counts as a failure
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
