// Python's binding of a call to the values a module's constructor or method works with: positional
// values in order, anything by name in one trailing options object (porting rule 2). The types
// side is PyArgs (lib/tensor.ts); this is the run-time side, with Python's TypeErrors.
import { isPlainObject } from '../ops/dispatch';

/** `null` typed as T: optional parameters and buffers (bias=False) are typed non-null, like Tensor.grad. */
export const none = <T>(): T => null as unknown as T;

function pyList(names: string[]): string {
  const list = names.map((n) => `'${n}'`);
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/**
 * Binds `args` to `fn(positional..., *, kwonly...)` and returns the values in that order (the default
 * where one was not given). A parameter without an entry in `defaults` is required. Errors are
 * Python's: unexpected keyword, multiple values, too many positional, missing required.
 */
export function pyBind<T extends unknown[]>(fn: string, args: unknown[], positional: string[], defaults: Record<string, unknown> = {}, kwonly: string[] = []): T {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const kw = end > 0 && isPlainObject(args[end - 1]) ? (args[end - 1] as Record<string, unknown>) : null;
  const given = kw ? end - 1 : end;
  if (given > positional.length) {
    const lo = positional.filter((n) => !(n in defaults)).length + 1, hi = positional.length + 1;
    const takes = lo === hi ? `${hi}` : `from ${lo} to ${hi}`;
    throw new TypeError(`${fn}() takes ${takes} positional argument${hi === 1 ? '' : 's'} but ${given + 1} were given`);
  }
  const names = [...positional, ...kwonly];
  const values: unknown[] = names.map((_, i) => (i < given ? args[i] : undefined));
  if (kw) {
    for (const [k, v] of Object.entries(kw)) {
      const i = names.indexOf(k);
      if (i < 0) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
      if (i < given && values[i] !== undefined && v !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
      if (v !== undefined) values[i] = v;
    }
  }
  const missing = names.filter((n, i) => values[i] === undefined && !(n in defaults));
  if (missing.length) {
    throw new TypeError(`${fn}() missing ${missing.length} required ${kwonly.some((n) => missing.includes(n)) ? 'keyword-only' : 'positional'} argument${missing.length === 1 ? '' : 's'}: ${pyList(missing)}`);
  }
  return names.map((n, i) => (values[i] === undefined ? defaults[n] : values[i])) as T;
}
