// Python's repr of the values modules print in extra_repr (floats, tuples, None, booleans).
import { floatRepr, numberStr, pyRepr, tupleRepr } from '../python/repr';
import { isPythonFloat } from '../python/float_marks';

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

/** A module's number hyper-parameter as Python prints it: a float default as `1.0`, else the int or float the number stands for. */
export function numberRepr(module: object, key: string): string {
  const v = (module as any)[key] as number;
  return isPythonFloat(module, key) ? floatRepr(v) : numberStr(v);
}
