// Python floats with whole values (1.0, 1e6) among plain JS numbers. A JS integer a caller passes
// is a Python int (porting rule 10), but PyTorch's defaults are often floats: ELU's alpha=1.0,
// ASGD's t0=1e6. An object marks which of its keys hold such a float (and the value, so a number
// written over it later is what it is); printing and torch.save read the marks.

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
