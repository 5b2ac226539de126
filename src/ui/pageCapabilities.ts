/**
 * What the browser allows this page. Chromium's --disable-webgl (and WebGL blocklists) stop
 * canvases in the page but not OffscreenCanvas in a worker, so the page asks, and the worker
 * honours the answer.
 */
export interface PageCapabilities {
  webgl: boolean;
}

export function pageCapabilities(): PageCapabilities {
  const canvas = document.createElement('canvas');
  const webgl = Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  return { webgl };
}
