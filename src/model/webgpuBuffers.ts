/// <reference types="@webgpu/types" />
/** What the lab's WGSL kernels share: buffer usage flags, reading a buffer back, and the dispatch grid. */

/** GPUBufferUsage flags (the constants are not in a worker's scope everywhere). */
export const STORAGE = 0x0080;
export const COPY_SRC = 0x0004;
export const COPY_DST = 0x0008;
export const UNIFORM = 0x0040;
export const MAP_READ = 0x0001;

/** Workgroups per dispatch row: dispatches wider than this go 2-D (WebGPU's limit is 65 535 per dimension). */
export const MAX_GROUPS_X = 32_768;

/** Reads `size` bytes of `buffer` back to the CPU (through a staging buffer, freed after). */
export async function readBack(device: GPUDevice, buffer: GPUBuffer, size: number): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size, usage: MAP_READ | COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(1 /* GPUMapMode.READ */);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return copy;
}

/** The dispatch grid [x, y] of workgroups for `groups` workgroups: at most MAX_GROUPS_X along x (x · y may exceed `groups` by less than a row). */
export function dispatchGrid(groups: number): [number, number] {
  const x = Math.min(Math.max(1, groups), MAX_GROUPS_X);
  return [x, Math.ceil(Math.max(1, groups) / x)];
}
