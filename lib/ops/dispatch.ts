// The generic path to every ATen operator: overload resolution by schema happens natively
// (first overload whose schema accepts the arguments), ids are cached here per op name.
import { native } from '../native';
import { isOptions } from '../python/options';
import { namedTuple } from '../python/named_tuple';
import { bind, noArguments } from '../python/binder';
import { forRelease } from '../release';

/** One callable op: its overloads as a native group id, and its named-tuple fields (if any). */
interface OpEntry { group: number; ids: number[]; fields: string[] | undefined }
const entries = new Map<string, OpEntry>();
const overloadEntries = new Map<string, Map<string, OpEntry>>();

function opEntry(name: string, overload?: string): OpEntry {
  let entry = overload === undefined ? entries.get(name) : overloadEntries.get(name)?.get(overload);
  if (entry) return entry;
  const overloads: string[] = overload === undefined ? native.opOverloads(name) : [overload];
  const ids = overloads.map((o) => native.findOp(name, o)).filter((id) => id >= 0);
  if (ids.length === 0) throw new TypeError(`No such operator aten::${name}${overload ? '.' + overload : ''}`);
  entry = { group: native.opGroup(ids), ids, fields: NAMED_TUPLES.get(name) };
  if (overload === undefined) entries.set(name, entry);
  else {
    let byOverload = overloadEntries.get(name);
    if (!byOverload) overloadEntries.set(name, (byOverload = new Map()));
    byOverload.set(overload, entry);
  }
  return entry;
}

function opIds(name: string, overload?: string): number[] { return opEntry(name, overload).ids; }

// Results PyTorch returns as named tuples: arrays here, with the names as properties too.
const NAMED_TUPLES = new Map<string, string[]>(Object.entries({
  max: ['values', 'indices'], min: ['values', 'indices'], sort: ['values', 'indices'], topk: ['values', 'indices'],
  kthvalue: ['values', 'indices'], mode: ['values', 'indices'], median: ['values', 'indices'],
  nanmedian: ['values', 'indices'], cummax: ['values', 'indices'], cummin: ['values', 'indices'],
  aminmax: ['min', 'max'], slogdet: ['sign', 'logabsdet'], qr: ['Q', 'R'], svd: ['U', 'S', 'V'],
  linalg_svd: ['U', 'S', 'Vh'], linalg_eigh: ['eigenvalues', 'eigenvectors'], frexp: ['mantissa', 'exponent'],
  linalg_eig: ['eigenvalues', 'eigenvectors'], linalg_qr: ['Q', 'R'], linalg_slogdet: ['sign', 'logabsdet'],
  linalg_lstsq: ['solution', 'residuals', 'rank', 'singular_values'], linalg_inv_ex: ['inverse', 'info'],
  linalg_cholesky_ex: ['L', 'info'], linalg_lu_factor: ['LU', 'pivots'], linalg_lu: ['P', 'L', 'U'],
  geqrf: ['a', 'tau'], histogram: ['hist', 'bin_edges'], symeig: ['eigenvalues', 'eigenvectors'],
}));

function nameFields(fields: string[] | undefined, result: unknown): unknown {
  return fields && Array.isArray(result) && result.length === fields.length ? namedTuple(result, fields) : result;
}

/** NumPy's argument names, which PyTorch accepts for every operator: `x.sum({ axis: 1, keepdims: true })`. */
export const NUMPY_ALIASES: Readonly<Record<string, string>> = { axis: 'dim', keepdims: 'keepdim' };

/** kwargs with NumPy's names replaced by PyTorch's (the same object when there are none). */
export function numpyNames(kwargs: Record<string, unknown>): Record<string, unknown> {
  if (!('axis' in kwargs) && !('keepdims' in kwargs)) return kwargs;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const name = NUMPY_ALIASES[k];
    if (name !== undefined && name in kwargs) throw new TypeError(`argument '${name}' given twice (as '${name}' and as '${k}')`);
    out[name ?? k] = v;
  }
  return out;
}

/** PyTorch-style args split into positional ones and the trailing kwargs object (with NumPy's names replaced). */
function splitKwargs(args: unknown[]): [unknown[], Record<string, unknown> | null] {
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    return [args.slice(0, -1), numpyNames(args[args.length - 1] as Record<string, unknown>)];
  }
  return [args, null];
}

/** Calls aten::name (optionally one overload) with PyTorch-style args: positional, then one kwargs object. */
function callOverloads(name: string, args: unknown[], overload?: string): any {
  const [positional, kwargs] = splitKwargs(args);
  const entry = opEntry(name, overload);
  return nameFields(entry.fields, native.callOp(entry.group, kwargs, ...positional));
}

const NO_SCHEMA = 'arguments do not match any schema';

/** A call to aten::<op> that matched none of its overloads, with Python's message for it. */
export class ArgumentsError extends TypeError {
  constructor(message: string, readonly op: string) {
    super(message);
    this.name = 'TypeError';
  }
}
// Python raises a plain TypeError: the class reads as one too (`e.constructor.name`).
Object.defineProperty(ArgumentsError, 'name', { value: 'TypeError' });

/**
 * Python's TypeError for the call `name(...args)` that matched no schema, as torch.<name> (form
 * function) or, when the first argument is a tensor and the op is a Tensor method, as that method;
 * `fallback` where PyTorch's parser does not know the op. Loads the signatures only now.
 */
export function argumentsError(name: string, args: unknown[], fallback: TypeError, form?: 'function' | 'method'): TypeError {
  const { pythonArgumentMessage } = require('./arg_errors') as typeof import('./arg_errors');
  const [positional, kwargs] = splitKwargs(args);
  let all: string[] = [];
  try { all = schemas(name); } catch { /* a method with no ATen operator of its name (Tensor.to): Python's signatures alone */ }
  const asMethod = form !== 'function' && (positional[0] as any)?.constructor?.name === 'Tensor' &&
    pythonArgumentMessage(name, 'method', positional.slice(1), kwargs, all);
  const message = asMethod || (form !== 'method' && pythonArgumentMessage(name, 'function', positional, kwargs, all));
  return message ? new ArgumentsError(message, name) : fallback;
}

/**
 * torch.<name> and Tensor.<name> over aten::name with PyTorch-style args (positional, then one
 * kwargs object); a call no overload takes gets Python's argument-parser message.
 */
export function callAten(name: string, args: unknown[], overload?: string): any {
  try {
    return callOverloads(name, args, overload);
  } catch (e) {
    if (overload !== undefined || !(e instanceof TypeError) || !e.message.startsWith(NO_SCHEMA)) throw e;
    throw argumentsError(name, args, e);
  }
}

/**
 * For a method that binds its arguments itself before calling aten::name: `e` as Python's
 * argument-parser error when it is a binding error (the binder's `name(...` messages, or no
 * schema matched), else `e` unchanged.
 */
export function pythonArgumentsError(e: unknown, name: string, self: unknown, args: unknown[]): unknown {
  if (!(e instanceof TypeError) || !(isArgumentsError(e) || e.message.startsWith(`${name}(`))) return e;
  return argumentsError(name, [self, ...args], e, 'method');
}

/**
 * For a hand-written method, whose own checks (or a native fast path's) rejected
 * `self.name(...args)`: Python's argument-parser TypeError when none of Tensor.name's Python
 * signatures takes the call, else `e` unchanged.
 */
export function methodArgumentsError(e: unknown, name: string, self: unknown, args: unknown[]): unknown {
  if (!(e instanceof TypeError)) return e;  // a RangeError (a forged dtype) is about a value, not a type
  return argumentsError(name, [self, ...args], e, 'method');
}

/** Whether `e` reports a call that matched none of aten::name's schemas. */
export function isArgumentsError(e: unknown): boolean {
  return e instanceof ArgumentsError || (e instanceof TypeError && e.message.startsWith(NO_SCHEMA));
}

/** The class PyTorch's C++ Tensor methods belong to, as CPython names it in their messages. */
export const TENSOR_BASE = forRelease([['1.13', '_TensorBase'], ['2.3', 'TensorBase']]);

/** Throws Python's TypeError for arguments given to Tensor method `name`, which takes none (METH_NOARGS). */
export function takesNoArguments(name: string, args: ArrayLike<unknown>): void {
  const e = noArguments(`${TENSOR_BASE}.${name}`, args);
  if (e !== null) throw e;
}

/** The overload name and parameters of a schema string ('aten::abs.out(Tensor self, *, Tensor(a!) out) -> ...'). */
function schemaParams(schema: string): [string, string[]] {
  const open = schema.indexOf('(');
  const dot = schema.lastIndexOf('.', open);
  return [dot < 0 ? '' : schema.slice(dot + 1, open), schema.slice(open + 1, schema.lastIndexOf(') -> ')).split(', ')];
}

/**
 * Python's binding error for a Tensor method whose every schema (out= variants aside, which the
 * method form lacks) takes self and keywords only: METH_NOARGS's message when there are no
 * keywords, else the argument parser's; null when the call binds that far.
 */
function selfOnlyError(name: string, args: unknown[]): TypeError | null {
  const keywords: string[] = [];
  for (const schema of schemas(name)) {
    const [overload, params] = schemaParams(schema);
    if (overload.endsWith('out') || params.some((p, i) => i > 0 && /^Tensor\(\w!\)/.test(p))) continue;
    if (!/^Tensor(\(\w!?\))? self$/.test(params[0]) || (params.length > 1 && params[1] !== '*')) return null;
    for (const param of params.slice(2)) keywords.push(param.split(' ')[1].split('=')[0]);
  }
  if (keywords.length === 0) return noArguments(`${TENSOR_BASE}.${name}`, args);
  try {
    bind({ fn: name, names: [], npos: 0, defaults: {}, extra: keywords }, args);
  } catch (e) {
    return e as TypeError;
  }
  return null;
}

const leads = new Map<string, boolean>();
/** Whether a schema of aten::name takes self first (none does for `polygamma(int n, Tensor self)`). */
function selfLeads(name: string): boolean {
  let r = leads.get(name);
  if (r === undefined) leads.set(name, (r = schemas(name).some((s) => / self$/.test(schemaParams(s)[1][0]))));
  return r;
}

/** A method's arguments with self given by name, for an op whose schema puts other parameters first. */
function withSelf(self: unknown, args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  return args.length > 0 && isOptions(last) ? [...args.slice(0, -1), { ...last, self }] : [...args, { self }];
}

/**
 * Tensor method `name` over aten::name: `self.name(...args)`. A call that does not bind to a method
 * taking no positional arguments gets Python's message for it.
 */
export function callMethod(name: string, self: unknown, args: unknown[]): any {
  try {
    return selfLeads(name) ? callAten(name, [self, ...args]) : callAten(name, withSelf(self, args));
  } catch (e) {
    const own = e instanceof TypeError && selfOnlyError(name, args);
    throw own ? new ArgumentsError(own.message, name) : e;
  }
}

/** The schema strings of every overload of aten::name. */
export function schemas(name: string): string[] {
  return opIds(name).map((id) => native.opSchema(id));
}

type OpFn = ((...args: any[]) => any) & { [overload: string]: (...args: any[]) => any };

function packet(name: string): OpFn {
  const call = (...args: any[]) => callOverloads(name, args);
  return new Proxy(call, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return (target as any)[prop];
      const overload = prop === 'default' ? '' : prop;
      return (...args: any[]) => callOverloads(name, args, overload);
    },
  }) as OpFn;
}

const packets = new Map<string, OpFn>();

/** torch.ops.aten.<name>(...) and torch.ops.aten.<name>.<overload>(...), as in Python. */
export const ops = {
  aten: new Proxy({} as Record<string, OpFn>, {
    get(_t, prop) {
      if (typeof prop !== 'string') return undefined;
      let p = packets.get(prop);
      if (!p) {
        opIds(prop);  // throws for an unknown operator
        p = packet(prop);
        packets.set(prop, p);
      }
      return p;
    },
  }),
};
