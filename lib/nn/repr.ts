// Python's repr of the values modules print in extra_repr (floats, tuples, None, booleans).
import { floatRepr, numberStr, pyRepr, tupleRepr } from '../python/repr';
import { isOptions } from '../python/options';
import { floatsOf, isPythonFloat, markFloats } from '../python/float_marks';

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

/** The parameters a call gives, bound as the binder binds them: leading positionals, then the trailing options object's keys. */
function givenNames(args: readonly unknown[], names: readonly string[]): Set<string> {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const kw = end > 0 && isOptions(args[end - 1]) ? (args[end - 1] as Record<string, unknown>) : null;
  const given = new Set<string>();
  names.slice(0, kw === null ? end : end - 1).forEach((name, i) => { if (args[i] !== undefined) given.add(name); });
  if (kw !== null) for (const [k, v] of Object.entries(kw)) if (v !== undefined) given.add(k);
  return given;
}

/**
 * Marks the hyper-parameters of `module` named in `floats` that hold PyTorch's whole-number float
 * defaults (ELU's alpha=1.0) because the call `args` (bound to `names`) left them out: they print
 * as `1.0`, while the caller's whole number is a Python int (porting rule 10).
 */
export function markFloatDefaults(module: object, args: readonly unknown[], names: readonly string[], floats: readonly string[]): void {
  const given = givenNames(args, names);
  const marks = new Map(floatsOf(module) ?? []);
  for (const key of floats) if (!given.has(key)) marks.set(key, (module as any)[key]);
  if (marks.size > 0) markFloats(module, marks);
}

/** A module's number hyper-parameter as Python prints it: a float default as `1.0`, else the int or float the number stands for. */
export function numberRepr(module: object, key: string): string {
  const v = (module as any)[key] as number;
  return isPythonFloat(module, key) ? floatRepr(v) : numberStr(v);
}
