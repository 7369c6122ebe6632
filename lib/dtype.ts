// torch.dtype, torch.layout and torch.memory_format. Each instance carries `__enum`
// (kind * 1000 + c10 code), which the native dispatcher reads to pass it to ATen.
import { inspect } from 'util';

const DTYPE_KIND = 1;
const LAYOUT_KIND = 2;
const MEMORY_FORMAT_KIND = 3;

/** A tensor element type, like `torch.float32`. */
export class dtype {
  readonly __enum: number;
  constructor(
    /** PyTorch's name without the `torch.` prefix. */
    readonly name: string,
    /** c10::ScalarType code (mirrors native/dtype_table.h). */
    readonly code: number,
    readonly itemsize: number,
    readonly is_floating_point: boolean,
    readonly is_complex = false,
  ) {
    this.__enum = DTYPE_KIND * 1000 + code;
  }
  get is_signed(): boolean { return this.name !== 'uint8' && this.name !== 'bool'; }
  toString(): string { return `torch.${this.name}`; }
  [inspect.custom](): string { return this.toString(); }
}

export const uint8 = new dtype('uint8', 0, 1, false);
export const int8 = new dtype('int8', 1, 1, false);
export const int16 = new dtype('int16', 2, 2, false);
export const int32 = new dtype('int32', 3, 4, false);
export const int64 = new dtype('int64', 4, 8, false);
export const float16 = new dtype('float16', 5, 2, true);
export const float32 = new dtype('float32', 6, 4, true);
export const float64 = new dtype('float64', 7, 8, true);
export const complex64 = new dtype('complex64', 9, 8, false, true);
export const complex128 = new dtype('complex128', 10, 16, false, true);
export const bool = new dtype('bool', 11, 1, false);
export const bfloat16 = new dtype('bfloat16', 15, 2, true);
// PyTorch's aliases.
export const half = float16, float = float32, double = float64, short = int16, int = int32, long = int64;
export const cfloat = complex64, cdouble = complex128;

const byCode = new Map<number, dtype>(
  [uint8, int8, int16, int32, int64, float16, float32, float64, complex64, complex128, bool, bfloat16].map((d) => [d.code, d]),
);

export function dtypeFromCode(code: number): dtype {
  const d = byCode.get(code);
  if (!d) throw new TypeError(`Unsupported dtype code ${code}`);
  return d;
}

let defaultDtype: dtype = float32;
export function get_default_dtype(): dtype { return defaultDtype; }
export function set_default_dtype(d: dtype): void {
  if (!(d instanceof dtype) || !d.is_floating_point) throw new TypeError('only floating-point types are supported as the default type');
  defaultDtype = d;
}

/** A named ATen enum value that prints as `torch.<name>`. */
class EnumValue {
  readonly __enum: number;
  constructor(kind: number, readonly name: string, readonly code: number) { this.__enum = kind * 1000 + code; }
  toString(): string { return `torch.${this.name}`; }
  [inspect.custom](): string { return this.toString(); }
}

/** torch.layout */
export class layout extends EnumValue {
  constructor(name: string, code: number) { super(LAYOUT_KIND, name, code); }
}
export const strided = new layout('strided', 0);
export const sparse_coo = new layout('sparse_coo', 1);

/** torch.memory_format */
export class memory_format extends EnumValue {
  constructor(name: string, code: number) { super(MEMORY_FORMAT_KIND, name, code); }
}
export const contiguous_format = new memory_format('contiguous_format', 0);
export const preserve_format = new memory_format('preserve_format', 1);
export const channels_last = new memory_format('channels_last', 2);
export const channels_last_3d = new memory_format('channels_last_3d', 3);
