/**
 * Choosing where training runs. 'webgpu' / 'webgl' train with tfjs on the GPU; 'cpu' means OUR
 * typed-array trainer (cpuTrainer.ts): tfjs's own cpu backend is set underneath only for tiny
 * utility ops, never for training (it is far too slow).
 */
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** Why each better candidate was skipped, human-readable. */
  reasons: string[];
  /** Whether the chosen backend computes in float32 (webgl without float32 render targets does not). */
  float32: boolean;
  /** The GPU behind a webgpu/webgl backend as the browser names it, when it says (e.g. 'swiftshader'). */
  device?: string;
  /** True when that GPU is a software rasteriser (SwiftShader, llvmpipe, a WebGPU fallback adapter). */
  software?: boolean;
}

/** Renderer names of software GPUs. */
const SOFTWARE_GPU = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** What the browser tells of a WebGPU adapter, as one readable string, and whether it is software. */
export function describeWebgpuAdapter(adapter: unknown): { device: string; software: boolean } {
  const a = adapter as { info?: Record<string, unknown>; isFallbackAdapter?: boolean };
  const info = a.info ?? {};
  const parts = ['vendor', 'architecture', 'device', 'description'].map((k) => info[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  const device = parts.join(' ') || 'unnamed adapter';
  const fallback = a.isFallbackAdapter === true || (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { device, software: fallback || SOFTWARE_GPU.test(device) };
}

/** The WebGL renderer string (unmasked where the browser allows), from a throwaway context. */
function describeWebglRenderer(): { device: string; software: boolean } | null {
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const device = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { device, software: SOFTWARE_GPU.test(device) };
  } catch {
    return null;
  }
}

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** Minimal shape of navigator.gpu we use (the DOM lib in use may not declare WebGPU). */
interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Tries one GPU candidate; returns null on success or the reason it was skipped. */
async function tryGpu(
  tf: Tf,
  name: 'webgpu' | 'webgl',
  allowHalfFloat: boolean,
): Promise<{ reason: string } | { float32: boolean; device?: string; software?: boolean }> {
  let described: { device: string; software: boolean } | null = null;
  if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    if (gpu === undefined) return { reason: 'webgpu: navigator.gpu is missing (this browser or context has no WebGPU)' };
    let adapter: unknown = null;
    try {
      adapter = await gpu.requestAdapter();
    } catch (e) {
      return { reason: `webgpu: navigator.gpu.requestAdapter() threw: ${message(e)}` };
    }
    if (adapter === null || adapter === undefined) return { reason: 'webgpu: no adapter (navigator.gpu.requestAdapter() returned null)' };
    described = describeWebgpuAdapter(adapter);
    try {
      await import('@tensorflow/tfjs-backend-webgpu');
    } catch (e) {
      return { reason: `webgpu: could not load @tensorflow/tfjs-backend-webgpu: ${message(e)}` };
    }
  } else if (tf.findBackendFactory('webgl') === null) {
    return { reason: 'webgl: the tfjs webgl backend is not registered' };
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { reason: `${name}: tf.setBackend('${name}') failed (context could not be created)` };
    await tf.ready();
  } catch (e) {
    return { reason: `${name}: tf.setBackend('${name}') threw: ${message(e)}` };
  }
  let float32 = true;
  if (name === 'webgl') {
    described = describeWebglRenderer();
    float32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
    if (!float32 && !allowHalfFloat) {
      return { reason: 'webgl: no float32 render targets (WEBGL_RENDER_FLOAT32_ENABLED is false); training in half precision would be inaccurate' };
    }
  }
  try {
    await smokeTest(tf);
  } catch (e) {
    return { reason: `${name}: smoke test failed: ${message(e)}` };
  }
  return described ? { float32, ...described } : { float32 };
}

/**
 * Picks the training backend. 'auto' tries webgpu (navigator.gpu and a non-null requestAdapter()
 * first, then the webgpu backend imported dynamically), then webgl (float32 render targets required),
 * then 'cpu'. Each GPU candidate must pass `await tf.setBackend(name)` (false or a throw = failure)
 * and smokeTest. A forced preference is tried first (webgl then accepted even without float32,
 * reported as float32: false); when it fails, the candidates after it in that order are tried, and
 * `reasons` says why each was skipped. On 'cpu' tfjs's cpu backend is set for utility ops.
 * `unavailable` names candidates the caller knows to be off (e.g. WebGL disabled for the page, which
 * a worker's OffscreenCanvas does not see) with the reason to report; they are skipped untried.
 */
export async function selectBackend(
  tf: Tf,
  preference: 'auto' | BackendName,
  unavailable: Partial<Record<BackendName, string>> = {},
): Promise<BackendInfo> {
  const start = preference === 'auto' ? 0 : ORDER.indexOf(preference);
  const reasons: string[] = [];
  for (const name of ORDER.slice(start)) {
    if (name === 'cpu') break;
    const skip = unavailable[name];
    if (skip !== undefined) {
      reasons.push(skip);
      continue;
    }
    const result = await tryGpu(tf, name, preference === name);
    if ('float32' in result) return { name, reasons, ...result };
    reasons.push(result.reason);
  }
  // tfjs's engine may be left on the failed name: always land on its cpu backend.
  const ok = await tf.setBackend('cpu');
  if (!ok) reasons.push("tfjs: tf.setBackend('cpu') failed (tfjs utility ops unavailable)");
  await tf.ready();
  return { name: 'cpu', reasons, float32: true };
}

/**
 * Checks that gather and its gradient work and read back: table T = [[1,2],[3,4],[5,6]], ids [2,0,2],
 * loss = Σ gather(T, ids)² → ∂/∂T_r = 2·T_r·count(r) = [[2,4],[0,0],[20,24]] (row 2 gathered twice);
 * the forward gather must read [[5,6],[1,2],[5,6]]. Compared within 1e-3. Throws on mismatch.
 */
export async function smokeTest(tf: Tf): Promise<void> {
  const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const ids = tf.tensor1d([2, 0, 2], 'int32');
  const grad = tf.grad((t: tfType.Tensor) => tf.sum(tf.square(tf.gather(t, ids))));
  let g: tfType.Tensor | null = null;
  let fwd: tfType.Tensor | null = null;
  try {
    fwd = tf.gather(table, ids);
    g = grad(table);
    const got = Array.from(await g.data());
    const gotFwd = Array.from(await fwd.data());
    const want = [2, 4, 0, 0, 20, 24];
    const wantFwd = [5, 6, 1, 2, 5, 6];
    const bad = (a: number[], b: number[]): boolean => a.length !== b.length || a.some((v, j) => !(Math.abs(v - (b[j] as number)) <= 1e-3));
    if (bad(gotFwd, wantFwd)) throw new Error(`gather returned [${gotFwd.join(', ')}], expected [${wantFwd.join(', ')}]`);
    if (bad(got, want)) throw new Error(`gather gradient returned [${got.join(', ')}], expected [${want.join(', ')}]`);
  } finally {
    table.dispose();
    ids.dispose();
    g?.dispose();
    fwd?.dispose();
  }
}
