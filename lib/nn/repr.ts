// Python's repr of the values modules print in extra_repr (floats, tuples, None, booleans).
import { floatRepr, pyRepr, tupleRepr } from '../python/repr';

/** Python repr of a module hyper-parameter: numbers (ints stay ints), tuples, None, True/False. */
export function pyValue(v: unknown, floatLike = false): string {
  if (typeof v === 'number' && floatLike) return floatRepr(v);
  if (Array.isArray(v)) return tupleRepr(v, (x) => pyValue(x, floatLike));
  return pyRepr(v);
}

/** `n` as an n-tuple when a module expands an int argument (kernel_size=3 -> (3, 3)). */
export function ntuple(v: number | number[], n: number): number[] {
  return Array.isArray(v) ? v : Array(n).fill(v);
}
