// Python floats with whole values (1.0, 1e6) among plain JS numbers. A JS integer a caller passes
// is a Python int (porting rule 10), but PyTorch's defaults are often floats: ELU's alpha=1.0,
// ASGD's t0=1e6. An object marks which of its keys hold such a float (and the value, so a number
// written over it later is what it is); printing and torch.save read the marks.
import { isOptions } from './options';

/**
 * On a plain object, a Map from key to value: the keys that hold a Python float although the value
 * is a whole number, while they still hold that value.
 */
export const PY_FLOATS = Symbol('torchts.floats');

/** The keys of `dict` marked as holding a Python float, with the value marked. */
export function floatsOf(dict: object): ReadonlyMap<string, number> | undefined {
  return (dict as any)[PY_FLOATS];
}

/** Marks `floats` (key -> value) on `dict`; a key counts only while it still holds that value. */
export function markFloats(dict: object, floats: ReadonlyMap<string, number>): void {
  Object.defineProperty(dict, PY_FLOATS, { value: new Map(floats), enumerable: false, configurable: true, writable: true });
}

/** Adds to `to`'s float marks those of `from` for the keys `to` takes from it. */
export function copyFloats(from: object, to: object, keys: Iterable<string> = Object.keys(to)): void {
  const marks = floatsOf(from);
  if (marks === undefined) return;
  const kept = new Map(floatsOf(to) ?? []);
  for (const k of keys) if (marks.has(k)) kept.set(k, marks.get(k)!);
  if (kept.size > 0) markFloats(to, kept);
}

/** Whether `dict[key]` is a Python float (a fraction, or a whole number marked as a float). */
export function isPythonFloat(dict: object, key: string): boolean {
  const v = (dict as any)[key];
  if (typeof v !== 'number') return false;
  return !Number.isInteger(v) || floatsOf(dict)?.get(key) === v;
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
 * Marks the attributes of `obj` named in `floats` that hold PyTorch's whole-number float defaults
 * (ELU's alpha=1.0) because the call `args` (bound to `names`) left them out: they print as `1.0`,
 * while the caller's whole number is a Python int (porting rule 10).
 */
export function markFloatDefaults(obj: object, args: readonly unknown[], names: readonly string[], floats: readonly string[]): void {
  const given = givenNames(args, names);
  const marks = new Map(floatsOf(obj) ?? []);
  for (const key of floats) if (!given.has(key)) marks.set(key, (obj as any)[key]);
  if (marks.size > 0) markFloats(obj, marks);
}

/** Marks `obj[key]`, as it is now, as a Python float (a value PyTorch computes with float()). */
export function markFloat(obj: object, key: string): void {
  markFloats(obj, new Map([...(floatsOf(obj) ?? []), [key, (obj as any)[key]]]));
}
