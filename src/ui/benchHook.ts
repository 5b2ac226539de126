/**
 * For `npm run bench` only: with `?bench` in the URL the page exposes its worker client, so the
 * benchmark drives the real app code (the same bundle, worker and IndexedDB) without clicking.
 */
import { proxyCallback, sharedLabClient } from '../worker/client';

export function installBenchHook(): void {
  if (!new URLSearchParams(location.search).has('bench')) return;
  (window as unknown as { __labBench: unknown }).__labBench = { client: sharedLabClient(), proxy: proxyCallback };
}
