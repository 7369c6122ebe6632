// Python's slices: `'1:3'`, `'::2'` or `{ start, stop, step }` stand for `1:3`, `::2`, slice(...).
import { TorchError } from '../errors';

export interface Slice { start?: number | null; stop?: number | null; step?: number | null }

/** `'start:stop:step'` (each part optional) as a Slice; null when `s` is not one. */
export function parseSlice(s: string): Slice | null {
  const m = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/.exec(s);
  if (!m) return null;
  const num = (x: string | undefined) => (x === undefined ? null : Number(x));
  return { start: num(m[1]), stop: num(m[2]), step: num(m[3]) };
}

/** The indices `range(*slice.indices(length))` walks, as Python's list slicing picks them. */
export function sliceIndices(s: Slice, length: number): number[] {
  for (const v of [s.start, s.stop, s.step]) {
    if (!(v === null || v === undefined || Number.isInteger(v))) throw new TypeError('slice indices must be integers or None or have an __index__ method');
  }
  const step = s.step ?? 1;
  if (step === 0) throw new TorchError('slice step cannot be zero', 'ValueError');
  const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return dflt;
    const i = v < 0 ? v + length : v;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const stop = clamp(s.stop, length, 0, length);
    for (let i = clamp(s.start, 0, 0, length); i < stop; i += step) out.push(i);
  } else {
    const stop = clamp(s.stop, -1, -1, length - 1);
    for (let i = clamp(s.start, length - 1, -1, length - 1); i > stop; i += step) out.push(i);
  }
  return out;
}
