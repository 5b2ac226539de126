/**
 * GPU failures during training: whether tfjs's WebGPU device has been lost, and a test's way to lose
 * it on purpose (the end-to-end test of the fallback calls `loseGpuAfterEpoch` through the bench
 * hook, then trains).
 */
/// <reference types="@webgpu/types" />
import { tfjsWebgpuDevice } from '../model/wgslSgd';
import { tf } from './session';

let lostMessage: string | null = null;
let watched: GPUDevice | null = null;
let loseAfter: number | null = null;

/** tfjs's WebGPU device, when that backend is in use. */
const currentDevice = (): GPUDevice | null => tfjsWebgpuDevice(tf);

/** True once the WebGPU device in use has reported itself lost. */
export function gpuLost(): boolean {
  const device = currentDevice();
  if (device && device !== watched) {
    watched = device;
    void device.lost.then((info) => {
      lostMessage = info.message || info.reason || 'lost';
    });
  }
  return lostMessage !== null;
}

/** Called after every epoch of a training run: loses the device when a test asked for it at this epoch. */
export function injectedFaultAfter(epoch: number): void {
  gpuLost(); // start watching the device in use
  if (loseAfter === null || epoch < loseAfter) return;
  loseAfter = null;
  currentDevice()?.destroy();
}

export const faultApi = {
  /**
   * For tests: destroys tfjs's WebGPU device right after epoch `epoch` of the next training run, as
   * a driver reset or a lost GPU would. Returns false when WebGPU is not the backend in use.
   */
  loseGpuAfterEpoch(epoch: number): boolean {
    if (!currentDevice()) return false;
    loseAfter = epoch;
    return true;
  },
};
