// torch.cuda: device discovery and synchronisation (CPU-only builds report no devices).
import { native } from './native';

export const cuda = {
  is_available: (): boolean => native.cudaIsAvailable(),
  device_count: (): number => native.cudaDeviceCount(),
  synchronize: (device?: number | string): void => {
    const index = typeof device === 'string' ? Number(device.split(':')[1] ?? 0) : device ?? 0;
    native.cudaSynchronize(index);
  },
  manual_seed: (seed: number): void => native.cudaManualSeedAll(seed),
  manual_seed_all: (seed: number): void => native.cudaManualSeedAll(seed),
};
