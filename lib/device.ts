// torch.device: 'cpu', 'cuda', 'cuda:1', torch.device('cuda', 1).
import { inspect } from 'util';

export class device {
  readonly type: string;
  readonly index: number | null;
  constructor(spec: string | device, index?: number) {
    if (spec instanceof device) {
      this.type = spec.type;
      this.index = spec.index;
      return;
    }
    if (typeof spec !== 'string') throw new TypeError(`Expected a device string but received ${typeof spec}`);
    const m = /^([a-z_]+)(?::(\d+))?$/.exec(spec.trim());
    if (!m) throw new TypeError(`Invalid device string: '${spec}'`);
    if (m[2] !== undefined && index !== undefined) throw new TypeError(`type (string) must not include an index because index was passed explicitly: ${spec}`);
    this.type = m[1];
    const idx = m[2] !== undefined ? Number(m[2]) : index;
    if (idx !== undefined && (!Number.isInteger(idx) || idx < 0)) throw new RangeError(`Device index must not be negative`);
    this.index = idx ?? null;
  }
  toString(): string { return this.index === null ? this.type : `${this.type}:${this.index}`; }
  [inspect.custom](): string { return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`; }
}

/** Anything PyTorch accepts as a device. */
export type DeviceLike = string | device | number;

/** Normalises a device argument to the string LibTorch parses ('cuda:0'); integers mean CUDA ordinals. */
export function deviceString(d: DeviceLike): string {
  if (typeof d === 'number') return `cuda:${d}`;
  return new device(d).toString();
}

// torch.set_default_device: the device factories (torch.tensor, zeros, randn, arange, ...) use
// when none is given; null stands for the CPU, LibTorch's own default.
let defaultDevice: string | null = null;

/**
 * torch.set_default_device(device): where factory functions put tensors when no device is given
 * (`torch.zeros(2)` then lives there; `*_like` functions keep following their input). `null` or
 * 'cpu' restores the CPU.
 */
export function set_default_device(d: DeviceLike | null): void {
  if (d === null || d === undefined) { defaultDevice = null; return; }
  const s = deviceString(d);
  defaultDevice = s === 'cpu' ? null : s;
}

/** torch.get_default_device(): the device factory functions use by default. */
export function get_default_device(): device { return new device(defaultDevice ?? 'cpu'); }

/** The device string a factory call uses: the one given, else the default device (null: the CPU). */
export function factoryDevice(d: DeviceLike | null | undefined): string | null {
  return d != null ? deviceString(d) : defaultDevice;
}

/** torch.device(...) works with and without `new`. */
export const deviceFactory = new Proxy(device, {
  apply: (target, _this, args: [string | device, number?]) => new target(...args),
}) as typeof device & ((spec: string | device, index?: number) => device);
