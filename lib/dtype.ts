// torch.dtype, torch.layout and torch.memory_format. Each instance carries `__enum`
// (kind * 1000 + c10 code), which the native dispatcher reads to pass it to ATen.
import { inspect } from 'util';

const DTYPE_KIND = 1;
const LAYOUT_KIND = 2;
const MEMORY_FORMAT_KIND = 3;

/** A TypedArray class. */
export type TypedArrayClass =
  | Float32ArrayConstructor | Float64ArrayConstructor | Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor
  | BigInt64ArrayConstructor | Uint8ArrayConstructor;

/** What one dtype is, everywhere the TS side needs to know (native/dtype_table.h is the C++ side). */
interface DtypeFacts {
  /** c10::ScalarType code (mirrors native/dtype_table.h). */
  code: number;
  itemsize: number;
  is_floating_point?: boolean;
  is_complex?: boolean;
  /** The legacy tensor type's stem: 'Float' for torch.FloatTensor. */
  legacy?: string;
  /** The TypedArray whose elements are exactly this dtype's (zero-copy views, from_blob). */
  array?: TypedArrayClass;
  /** The TypedArray that carries values of this dtype across to native code (float16 travels as float32). */
  transfer?: TypedArrayClass;
}

/** A tensor element type, like `torch.float32`. */
export class dtype {
  readonly __enum: number;
  /** c10::ScalarType code (mirrors native/dtype_table.h). */
  readonly code: number;
  readonly itemsize: number;
  readonly is_floating_point: boolean;
  readonly is_complex: boolean;
  /** The legacy tensor type's stem ('Float' for torch.FloatTensor), if it has one. */
  readonly legacy: string | undefined;
  /** The TypedArray whose elements are exactly this dtype's, if any. */
  readonly array: TypedArrayClass | undefined;
  /** The TypedArray that carries this dtype's values to native code, if any. */
  readonly transfer: TypedArrayClass | undefined;
  constructor(
    /** PyTorch's name without the `torch.` prefix. */
    readonly name: string,
    facts: DtypeFacts,
  ) {
    this.code = facts.code;
    this.itemsize = facts.itemsize;
    this.is_floating_point = facts.is_floating_point ?? false;
    this.is_complex = facts.is_complex ?? false;
    this.legacy = facts.legacy;
    this.array = facts.array;
    this.transfer = facts.transfer ?? facts.array;
    this.__enum = DTYPE_KIND * 1000 + this.code;
  }
  get is_signed(): boolean { return this.name !== 'uint8' && this.name !== 'bool'; }
  toString(): string { return `torch.${this.name}`; }
  [inspect.custom](): string { return this.toString(); }
}

export const uint8 = new dtype('uint8', { code: 0, itemsize: 1, legacy: 'Byte', array: Uint8Array });
export const int8 = new dtype('int8', { code: 1, itemsize: 1, legacy: 'Char', array: Int8Array });
export const int16 = new dtype('int16', { code: 2, itemsize: 2, legacy: 'Short', array: Int16Array });
export const int32 = new dtype('int32', { code: 3, itemsize: 4, legacy: 'Int', array: Int32Array });
export const int64 = new dtype('int64', { code: 4, itemsize: 8, legacy: 'Long', array: BigInt64Array });
export const float16 = new dtype('float16', { code: 5, itemsize: 2, is_floating_point: true, legacy: 'Half', transfer: Float32Array });
export const float32 = new dtype('float32', { code: 6, itemsize: 4, is_floating_point: true, legacy: 'Float', array: Float32Array });
export const float64 = new dtype('float64', { code: 7, itemsize: 8, is_floating_point: true, legacy: 'Double', array: Float64Array });
export const complex32 = new dtype('complex32', { code: 8, itemsize: 4, is_complex: true, legacy: 'ComplexHalf' });
export const complex64 = new dtype('complex64', { code: 9, itemsize: 8, is_complex: true, legacy: 'ComplexFloat' });
export const complex128 = new dtype('complex128', { code: 10, itemsize: 16, is_complex: true, legacy: 'ComplexDouble' });
export const bool = new dtype('bool', { code: 11, itemsize: 1, legacy: 'Bool', transfer: Uint8Array });
export const bfloat16 = new dtype('bfloat16', { code: 15, itemsize: 2, is_floating_point: true, legacy: 'BFloat16', transfer: Float32Array });
// PyTorch's aliases.
export const half = float16, float = float32, double = float64, short = int16, int = int32, long = int64;
export const chalf = complex32, cfloat = complex64, cdouble = complex128;

/** Every dtype, once. */
export const dtypes: readonly dtype[] = [uint8, int8, int16, int32, int64, float16, float32, float64, complex32, complex64, complex128, bool, bfloat16];
const byCode = new Map<number, dtype>(dtypes.map((d) => [d.code, d]));

export function dtypeFromCode(code: number): dtype {
  const d = byCode.get(code);
  if (!d) throw new TypeError(`Unsupported dtype code ${code}`);
  return d;
}

/** The dtype of the legacy tensor type `torch.<legacy>Tensor` ('Float' -> float32). */
export const dtypeFromLegacy = (legacy: string): dtype | undefined => dtypes.find((d) => d.legacy === legacy);

/** The dtype whose elements a TypedArray holds (Uint8ClampedArray as uint8). */
export function dtypeOfArray(a: ArrayBufferView): dtype | undefined {
  if (a instanceof Uint8ClampedArray) return uint8;
  return dtypes.find((d) => d.array !== undefined && a instanceof d.array);
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
export const sparse_csr = new layout('sparse_csr', 2);
export const _mkldnn = new layout('_mkldnn', 3);
export const sparse_csc = new layout('sparse_csc', 4);
export const sparse_bsr = new layout('sparse_bsr', 5);
export const sparse_bsc = new layout('sparse_bsc', 6);
const LAYOUTS = [strided, sparse_coo, sparse_csr, _mkldnn, sparse_csc, sparse_bsr, sparse_bsc];
/** The torch.layout of a c10::Layout code. */
export function layoutFromCode(code: number): layout {
  const l = LAYOUTS[code];
  if (l === undefined) throw new RangeError(`unknown layout code ${code}`);
  return l;
}

/** torch.memory_format */
export class memory_format extends EnumValue {
  constructor(name: string, code: number) { super(MEMORY_FORMAT_KIND, name, code); }
}
export const contiguous_format = new memory_format('contiguous_format', 0);
export const preserve_format = new memory_format('preserve_format', 1);
export const channels_last = new memory_format('channels_last', 2);
export const channels_last_3d = new memory_format('channels_last_3d', 3);
