// torch.cuda._lazy_init's checks, shared by torch.cuda and everything that moves tensors to a
// CUDA device: without CUDA they throw PyTorch's error rather than LibTorch's.
import { native } from './native';
import { TorchError } from './errors';

const NOT_COMPILED = 'Torch not compiled with CUDA enabled';
const NO_DRIVER = 'Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx';

/** Throws PyTorch's error unless a CUDA device can be used. */
export function lazyInitCuda(): void {
  if (!native.cudaIsBuilt()) throw new TorchError(NOT_COMPILED, 'AssertionError');
  if (native.cudaDeviceCount() === 0) throw new TorchError(NO_DRIVER, 'RuntimeError');
}

/** The device string unchanged, after lazyInitCuda() when it names a CUDA device. */
export function initDevice<D extends string | null>(device: D): D {
  if (device !== null && device.startsWith('cuda')) lazyInitCuda();
  return device;
}
