// Python's binding of a call's arguments to a signature, for porting rule 2: positional values in
// order, anything by name in one trailing options object. Errors are CPython's TypeErrors, word for
// word (Python/ceval.c: too_many_positional, missing_arguments, and the keyword checks).
import { isOptions } from './options';
import { numpyNames } from '../ops/dispatch';
import { Check } from './check';

/** A Python signature, declared once per function. */
export interface Spec {
  /** The name messages use: 'linear', 'Linear.__init__'. */
  readonly fn: string;
  /** The positional-or-keyword parameters in order, then the keyword-only ones. */
  readonly names: readonly string[];
  /** How many of `names` are positional-or-keyword (the rest are keyword-only). */
  readonly npos: number;
  /** Defaults by name. A parameter without one is required. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Checks by name, run on the values the call gave (defaults are trusted). */
  readonly checks?: Readonly<Record<string, Check<unknown, boolean>>>;
  /** The name argument errors use when it differs from `fn` (a class, where `fn` is its `__init__`). */
  readonly checkFn?: string;
  /** Parameters bound before the JS arguments (self, an optimizer's params), counted as CPython counts them. */
  readonly implicit?: number;
  /** Keyword names taken besides the parameters (the caller reads them itself); `true` takes any name. */
  readonly extra?: readonly string[] | true;
  /** NumPy's `axis` / `keepdims` stand for `dim` / `keepdim`, as in PyTorch's argument parser. */
  readonly numpy?: boolean;
  /** A required parameter the call leaves out reads `undefined`: its check, if any, reports it, else the caller or the native op does. */
  readonly lenient?: boolean;
}

/** 'a'; 'a' and 'b'; 'a', 'b', and 'c' (CPython's list of names). */
function quoteNames(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 2) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "f() missing 2 required positional arguments: 'a' and 'b'" (kind: positional or keyword-only). */
export function missingArguments(fn: string, names: readonly string[], kind: 'positional' | 'keyword-only' = 'positional'): TypeError {
  return new TypeError(`${fn}() missing ${names.length} required ${kind} argument${names.length === 1 ? '' : 's'}: ${quoteNames(names)}`);
}
export const unexpectedKeyword = (fn: string, key: string): TypeError => new TypeError(`${fn}() got an unexpected keyword argument '${key}'`);
export const multipleValues = (fn: string, name: string): TypeError => new TypeError(`${fn}() got multiple values for argument '${name}'`);

/**
 * CPython's check of a method without parameters (METH_NOARGS): "f() takes no keyword arguments"
 * when keywords are given, else "f() takes no arguments (2 given)"; null when `args` is empty
 * (trailing `undefined`s and an empty options object count as nothing given).
 */
export function noArguments(fn: string, args: ArrayLike<unknown>): TypeError | null {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  const last = args[end - 1];
  if (end > 0 && isOptions(last)) {
    if (Object.keys(last).length > 0) return new TypeError(`${fn}() takes no keyword arguments`);
    end--;
  }
  return end === 0 ? null : new TypeError(`${fn}() takes no arguments (${end} given)`);
}

/** "f() takes from 1 to 3 positional arguments but 4 were given" (counts include `implicit`). */
function tooManyPositional(spec: Spec, given: number, kwonlyGiven: number): TypeError {
  const implicit = spec.implicit ?? 0;
  const argcount = spec.npos + implicit;
  let defcount = 0;
  for (let i = 0; i < spec.npos; i++) if (spec.names[i] in spec.defaults) defcount++;
  const takes = defcount > 0 ? `from ${argcount - defcount} to ${argcount} positional arguments` : `${plural(argcount, 'positional argument')}`;
  const total = given + implicit;
  const kwonly = kwonlyGiven > 0 ? ` positional argument${total === 1 ? '' : 's'} (and ${plural(kwonlyGiven, 'keyword-only argument')})` : '';
  return new TypeError(`${spec.fn}() takes ${takes} but ${total}${kwonly} ${total === 1 && kwonlyGiven === 0 ? 'was' : 'were'} given`);
}

/**
 * Binds `args` to `spec` and returns the values in `spec.names` order, defaults filled in. Trailing
 * `undefined`s are dropped and an `undefined` value counts as not given, as for an omitted argument.
 */
export function bind(spec: Spec, args: readonly unknown[]): unknown[] {
  const { names, npos, defaults, fn } = spec;
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  let kw = end > 0 && isOptions(args[end - 1]) ? (args[end - 1] as Record<string, unknown>) : null;
  const given = kw ? end - 1 : end;
  const values: unknown[] = new Array(names.length);
  const n = given < npos ? given : npos;
  for (let i = 0; i < n; i++) values[i] = args[i];
  let kwonlyGiven = 0;
  if (kw !== null) {
    if (spec.numpy) kw = numpyNames(kw);
    for (const key of Object.keys(kw)) {
      const i = names.indexOf(key);
      if (i < 0) {
        if (spec.extra === true || (spec.extra !== undefined && spec.extra.includes(key))) continue;
        throw unexpectedKeyword(fn, key);
      }
      const v = kw[key];
      if (v === undefined) continue;
      if (i < n && values[i] !== undefined) throw multipleValues(fn, key);
      if (i >= npos) kwonlyGiven++;
      values[i] = v;
    }
  }
  if (given > npos) throw tooManyPositional(spec, given, kwonlyGiven);
  let missing: string[] | null = null;
  let missingKwonly: string[] | null = null;
  for (let i = 0; i < names.length; i++) {
    if (values[i] !== undefined) continue;
    const name = names[i];
    if (name in defaults) values[i] = defaults[name];
    else if (!spec.lenient) (i < npos ? (missing ??= []) : (missingKwonly ??= [])).push(name);
  }
  if (missing !== null) throw missingArguments(fn, missing);
  if (missingKwonly !== null) throw missingArguments(fn, missingKwonly, 'keyword-only');
  // Checks run once the call is bound, as a Python body's checks run after binding; defaults are trusted.
  const checks = spec.checks;
  if (checks !== undefined) {
    const where = spec.checkFn ?? fn;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const check = checks[name];
      if (check === undefined) continue;
      const v = values[i];
      if (v === undefined ? spec.lenient && !(name in defaults) : v !== defaults[name] || !(name in defaults)) check.verify(where, name, v);
    }
  }
  return values;
}

/** `bind`, as an object keyed by parameter name. */
export function bindNamed(spec: Spec, args: readonly unknown[]): Record<string, any> {
  const values = bind(spec, args);
  const out: Record<string, any> = {};
  for (let i = 0; i < spec.names.length; i++) out[spec.names[i]] = values[i];
  return out;
}

/**
 * A method's or constructor's binding, declared inline: `pyBind('Linear.__init__', args,
 * ['in_features', 'out_features', 'bias'], { bias: true })`. `self` counts in CPython's messages;
 * a parameter without a default is required.
 */
export function pyBind<T extends unknown[]>(fn: string, args: readonly unknown[], positional: readonly string[], defaults: Record<string, unknown> = {}, kwonly: readonly string[] = []): T {
  const names = kwonly.length === 0 ? positional : [...positional, ...kwonly];
  return bind({ fn, names, npos: positional.length, defaults, implicit: 1 }, args) as T;
}

/**
 * A torch function's or Tensor method's binding, declared inline: a parameter without a default
 * reads `undefined` when not given (the op decides what that means), `extra` keyword-only names are
 * read by the caller, and NumPy's names stand for `dim` / `keepdim`.
 */
export function bindArgs<T extends unknown[]>(args: readonly unknown[], names: readonly string[], defaults: Partial<Record<string, unknown>>, fn: string, extra: readonly string[] = []): T {
  const numpy = names.includes('dim') || names.includes('keepdim');
  return bind({ fn, names, npos: names.length, defaults, extra, numpy, lenient: true }, args) as T;
}

/**
 * Declares a signature once: `signature('clip_grad_value_', ['parameters', 'clip_value'])`;
 * `kwonly` names follow the positional ones, `implicit` counts self (1) for methods.
 */
export function signature(fn: string, positional: readonly string[], defaults: Record<string, unknown> = {}, more: Omit<Partial<Spec>, 'fn' | 'names' | 'npos' | 'defaults'> & { kwonly?: readonly string[] } = {}): Spec {
  const { kwonly = [], ...rest } = more;
  return { fn, names: [...positional, ...kwonly], npos: positional.length, defaults, ...rest };
}
