// Python's TypeError for a call to a dispatched op that matches none of its overloads: the message
// PyTorch's argument parser (python_arg_parser.cpp, invalid_arguments.cpp) raises for the same
// call, from the signatures the running release's PyTorch prints (python_signatures.ts). Only the
// error path loads any of this.
import { PYTHON_SIGNATURES } from './python_signatures';
import { dtype, layout, memory_format } from '../dtype';
import { Tensor } from '../tensor';
import { device } from '../device';
import { forRelease } from '../release';

export type Form = 'function' | 'method';

interface SignatureTable {
  signatures: Record<Form, Record<string, string[]>>;
  positional: Record<Form, Record<string, [number, number]>>;
}

/** The running release's signatures: the oldest release's, changed by each later one up to it. */
function releaseSignatures(): SignatureTable {
  const upTo = forRelease(PYTHON_SIGNATURES.map(([release], i): [string, number] => [release, i]));
  const table: SignatureTable = { signatures: { function: {}, method: {} }, positional: { function: {}, method: {} } };
  for (const [, changes] of PYTHON_SIGNATURES.slice(0, upTo + 1)) {
    for (const kind of ['signatures', 'positional'] as const) {
      for (const form of ['function', 'method'] as const) {
        const target: Record<string, unknown> = table[kind][form];
        for (const [op, entry] of Object.entries(changes[kind]?.[form] ?? {})) {
          if (entry === null) delete target[op];
          else target[op] = entry;
        }
      }
    }
  }
  return table;
}

let signatureTable: SignatureTable | undefined;
/** The signature lists this release's PyTorch prints, per form and op (built on first use). */
export function pythonSignatures(): SignatureTable {
  return (signatureTable ??= releaseSignatures());
}

// python_arg_parser.cpp's should_allow_numbers_as_tensors: these ops take a Python number where a
// signature says Tensor.
const NUMBERS_AS_TENSORS = new Set([
  'add', 'add_', 'div', 'div_', 'divide', 'divide_', 'mul', 'mul_', 'multiply', 'multiply_', 'sub', 'sub_',
  'subtract', 'subtract_', 'true_divide', 'true_divide_', 'to', 'copy_', 'floor_divide', 'floor_divide_',
]);

// optional: an ATen Optional type, which takes None even where required (no default).
interface Param { type: string; name: string; kwOnly: boolean; required: boolean; optional?: boolean }
interface Signature { text: string; params: Param[]; minArgs: number; maxArgs: number; maxPos: number }

/** CPython's type name for a JS value, as Python would see the value passed. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (v instanceof dtype) return 'torch.dtype';
  if (v instanceof layout) return 'torch.layout';
  if (v instanceof memory_format) return 'torch.memory_format';
  if (v instanceof device) return 'torch.device';
  if (typeof v === 'object' && v.constructor?.name === 'Tensor') return 'Tensor';
  if (typeof v === 'function') return 'function';
  return (v as object).constructor?.name ?? 'object';
}

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isNumber = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';

// How the parser words int lists, which changed after 1.13 and again by 2.14 (the releases whose
// messages the fixtures hold): ATen's SymInt[] in signatures, a list element past the first that is
// no int ("failed to unpack"), and varargs whose first value is no int ("found element ... at pos 0").
const INT_LISTS = forRelease<{ symInts: string; unpack: boolean; varargsElement: boolean }>([
  ['1.13', { symInts: 'tuple of SymInts', unpack: false, varargsElement: false }],
  ['2.6', { symInts: 'tuple of ints', unpack: true, varargsElement: true }],
  ['2.14', { symInts: 'tuple of ints', unpack: true, varargsElement: false }],
]);

const isIntList = (type: string) => type === 'tuple of ints' || type === 'tuple of SymInts';

/**
 * FunctionParameter::check: whether the parser takes `v` for a parameter of Python type `type`
 * (`numbers`: a number counts as a Tensor).
 */
function accepts(type: string, v: unknown, numbers: boolean): boolean {
  switch (type) {
    case 'Tensor': return v instanceof Tensor || (numbers && accepts('Number', v, false));  // a Parameter or other subclass too
    case 'torch.device': return typeof v === 'string' || isInt(v) || v instanceof device;
    case 'Number': return isNumber(v) || (typeof v === 'object' && v !== null && 're' in v && 'im' in v);
    case 'int': case 'SymInt': return isInt(v);
    case 'float': return isNumber(v);
    case 'bool': return typeof v === 'boolean';
    case 'str': case 'name': return typeof v === 'string';
    // The parser looks at a list's first element only (the others fail when converted).
    case 'tuple of ints': case 'tuple of SymInts': return isInt(v) || (Array.isArray(v) && (v.length === 0 || isInt(v[0])));
    case 'tuple of floats': return isNumber(v) || (Array.isArray(v) && v.every(isNumber));
    case 'tuple of names': return typeof v === 'string' || (Array.isArray(v) && v.every((e) => typeof e === 'string'));
    case 'tuple of Tensors': return Array.isArray(v) && v.every((e) => typeName(e) === 'Tensor');
    default: return typeName(v) === type;
  }
}

/** ATen's schema type as the Python binding names it (for ops whose one signature Python never prints). */
function pythonType(aten: string): string {
  const t = aten.replace(/\(\w!?\)/, '').replace(/\?$/, '');
  if (/^int\[\d*\]$/.test(t)) return 'tuple of ints';
  if (/^SymInt\[\d*\]$/.test(t)) return INT_LISTS.symInts;
  if (/^float\[\d*\]$/.test(t)) return 'tuple of floats';
  if (/^Tensor\??\[\]$/.test(t)) return 'tuple of Tensors';
  if (t === 'Dimname[]') return 'tuple of names';
  const names: Record<string, string> = {
    Scalar: 'Number', SymInt: 'int', ScalarType: 'torch.dtype', Dimname: 'name', Generator: 'torch.Generator',
    Layout: 'torch.layout', Device: 'torch.device', MemoryFormat: 'torch.memory_format',
  };
  return names[t] ?? t;
}

/** Whether ATen type `aten` is Python type `py` (a schema string writes Dimname as str). */
function sameType(aten: string, py: string): boolean {
  const t = pythonType(aten);
  return t === py || (py === 'name' && t === 'str') || (py === 'tuple of names' && t === 'str[]');
}

interface AtenArg { type: string; name: string; kwOnly: boolean; hasDefault: boolean }

function atenArgs(schema: string): AtenArg[] {
  const inner = schema.slice(schema.indexOf('(') + 1, schema.lastIndexOf(') -> '));
  let kwOnly = false;
  const args: AtenArg[] = [];
  for (const p of inner ? inner.split(', ') : []) {
    if (p === '*') { kwOnly = true; continue; }
    const eq = p.indexOf('=');
    const decl = eq < 0 ? p : p.slice(0, eq);
    const space = decl.lastIndexOf(' ');
    args.push({ type: decl.slice(0, space), name: decl.slice(space + 1), kwOnly, hasDefault: eq >= 0 });
  }
  return args;
}

function signature(text: string, params: Param[]): Signature {
  return {
    text, params, maxArgs: params.length, minArgs: params.filter((p) => p.required).length,
    maxPos: params.filter((p) => !p.kwOnly).length,
  };
}

/** One printed parameter, "type name" or (PyTorch 2.x) "type name = default"; "*" and "" as themselves. */
function declaration(entry: string): { type: string; name: string; hasDefault: boolean } {
  const eq = entry.indexOf(' = ');
  const decl = eq < 0 ? entry : entry.slice(0, eq);
  const space = decl.lastIndexOf(' ');
  return space < 0 ? { type: decl, name: decl, hasDefault: false }
    : { type: decl.slice(0, space), name: decl.slice(space + 1), hasDefault: eq >= 0 };
}

/**
 * A printed Python signature, each parameter required unless it has a printed default (PyTorch
 * 2.x) or its ATen schema gives it one (1.13 prints none).
 */
function parseSignature(text: string, form: Form, schemas: AtenArg[][]): Signature {
  const raw: (Omit<Param, 'required'> & { hasDefault: boolean })[] = [];
  let kwOnly = false;
  for (const p of text.slice(1, -1).split(', ')) {
    if (p === '*') { kwOnly = true; continue; }
    if (p === '') continue;
    raw.push({ ...declaration(p), kwOnly });
  }
  const aten = (n: string) => (form === 'function' && n === 'input' ? 'self' : n);
  const inSchema = (s: AtenArg[], typed: boolean) => raw.every((p) => p.name === 'out' ||
    s.some((a) => a.name === aten(p.name) && (!typed || sameType(a.type, p.type))));
  const own = raw.filter((p) => p.name !== 'out');
  const params = (s: AtenArg[]) => s.filter((a) => !(form === 'method' && a.name === 'self') && !/\(\w!\)/.test(a.type));
  // The schema with these parameters and no others first (flatten(int start_dim, int end_dim) is
  // flatten.using_ints, not named_out_dim).
  const schema = schemas.find((s) => inSchema(s, true) && params(s).length === own.length) ??
    schemas.find((s) => inSchema(s, true)) ?? schemas.find((s) => inSchema(s, false));
  // Else a schema with the same parameter types in order (Python's copy_(Tensor other) is ATen's copy_(Tensor src)).
  const unnamed = schema ? undefined : schemas.map(params)
    .find((s) => s.length === own.length && own.every((p, i) => sameType(s[i].type, p.type)));
  const parsed = raw.map(({ hasDefault, ...p }) => {
    const a = schema ? schema.find((s) => s.name === aten(p.name)) : unnamed?.[own.indexOf(raw.find((r) => r.name === p.name)!)];
    return { ...p, required: p.name !== 'out' && !hasDefault && (a ? !a.hasDefault : true), optional: a?.type.endsWith('?') };
  });
  return signature(text, parsed);
}

/** The one signature of an op Python gives only counts for, as ATen schema `schema` reads in Python. */
function atenSignature(form: Form, schema: AtenArg[], outVariant: boolean): Signature {
  const params: Param[] = [];
  for (const a of schema) {
    if (a.name === 'self' && form === 'method') continue;
    params.push({
      type: pythonType(a.type), name: a.name === 'self' ? 'input' : a.name, kwOnly: a.kwOnly,
      required: !a.hasDefault, optional: a.type.endsWith('?'),
    });
  }
  if (outVariant && form === 'function') params.push({ type: 'Tensor', name: 'out', kwOnly: true, required: false });
  const text = `(${params.map((p, i) => `${p.kwOnly && (i === 0 || !params[i - 1].kwOnly) ? '*, ' : ''}${p.type} ${p.name}`).join(', ')})`;
  return signature(text, params);
}

/** FunctionSignature::parse's error for a call its one plausible signature rejects; null if it binds. */
function parseError(fn: string, sig: Signature, args: unknown[], kwargs: Map<string, unknown>): string | null {
  const { params } = sig;
  const nargs = args.length;
  const varargsList = takesVarargs(sig);
  const extraArgs = () => sig.minArgs !== sig.maxPos
    ? `${fn}() takes from ${sig.minArgs} to ${sig.maxPos} positional arguments but ${nargs} were given`
    : `${fn}() takes ${sig.maxPos} positional argument${sig.maxPos === 1 ? '' : 's'} but ${nargs} ${nargs === 1 ? 'was' : 'were'} given`;
  if (nargs > sig.maxPos && !varargsList) return extraArgs();
  let pos = 0;
  let remaining = kwargs.size;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let v: unknown;
    let given = false;
    const isKwd = pos >= nargs;
    if (!isKwd) {
      if (p.kwOnly) return extraArgs();
      v = args[pos];
      given = true;
    } else if (kwargs.has(p.name)) {
      v = kwargs.get(p.name);
      given = true;
    }
    if ((!given && !p.required) || (given && (v === null || v === undefined) && (!p.required || p.optional))) {
      // absent or None: the default
    } else if (!given) {
      const missing = params.slice(i).filter((q) => q.required).map((q) => `"${q.name}"`);
      return `${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? 's' : ''}: ${missing.join(', ')}`;
    } else if (accepts(p.type, v, NUMBERS_AS_TENSORS.has(fn))) {
      // taken
    } else if (varargsList && pos === 0 && !isKwd && isInt(v)) {
      pos = nargs;
      continue;
    } else if (isKwd) {
      return `${fn}(): argument '${p.name}' must be ${p.type}, not ${typeName(v)}`;
    } else if (varargsList && pos === 0 && INT_LISTS.varargsElement) {
      return `${fn}(): argument '${p.name}' (position 1) must be ${p.type}, but found element of type ${typeName(Array.isArray(v) ? v[0] : v)} at pos 0`;
    } else {
      return `${fn}(): argument '${p.name}' (position ${pos + 1}) must be ${p.type}, not ${typeName(v)}`;
    }
    if (!isKwd) pos++;
    else if (given) remaining--;
  }
  if (remaining > 0) {
    for (const key of kwargs.keys()) {
      const at = params.findIndex((p) => p.name === key);
      if (at < 0) return `${fn}() got an unexpected keyword argument '${key}'`;
      if (at < nargs) return `${fn}() got multiple values for argument '${key}'`;
    }
    return 'invalid keyword arguments';
  }
  return null;
}

/** Whether the signature's one positional parameter, an int list, may be given as varargs (`x.view(2, 3)`). */
function takesVarargs(sig: Signature): boolean {
  return sig.maxPos === 1 && isIntList(sig.params[0].type);
}

/** PythonArgs::intlist's error for a list whose elements past the first are not all ints. */
function intListElementError(fn: string, sig: Signature, args: unknown[], kwargs: Map<string, unknown>): string | null {
  for (let i = 0; i < sig.params.length; i++) {
    const p = sig.params[i];
    const v = takesVarargs(sig) && i === 0 && isInt(args[0]) ? args : i < args.length ? args[i] : kwargs.get(p.name);
    if (!isIntList(p.type) || !Array.isArray(v)) continue;
    const bad = v.findIndex((e) => !isInt(e));
    if (bad < 0) continue;
    return INT_LISTS.unpack
      ? `${fn}(): argument '${p.name}' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${typeName(v[bad])}"`
      : `${fn}(): argument '${p.name}' must be ${p.type}, but found element of type ${typeName(v[bad])} at pos ${bad + 1}`;
  }
  return null;
}

// invalid_arguments.cpp's view of a printed signature: ", "-separated entries, "*" and "()"'s
// empty entry among them, each matched by type name.
interface Option { entries: { type: string; name: string }[] }

function option(text: string): Option {
  // Split at the last space, as invalid_arguments.cpp does: 2.x's "bool keepdim = False" reads as a
  // parameter "False" of type "bool keepdim =", which nothing matches.
  return {
    entries: text.slice(1, -1).split(', ').map((e) => {
      const space = e.lastIndexOf(' ');
      return space < 0 ? { type: e, name: e } : { type: e.slice(0, space), name: e.slice(space + 1) };
    }),
  };
}

function matchesType(type: string, v: unknown): boolean {
  const t = typeName(v);
  return type === 'float' ? t === 'float' || t === 'int' : t === type;
}

function argDesc(args: unknown[], kwargs: Map<string, unknown>): string {
  let s = '(';
  for (const a of args) s += `${typeName(a)}, `;
  for (const [k, v] of kwargs) s += `${k}=${typeName(v)}, `;
  if (args.length > 0) s = s.slice(0, -2);
  return s + ')';
}

function formattedArgDesc(opt: Option, args: unknown[], kwargs: Map<string, unknown>): string {
  const kwValues = [...kwargs.values()];
  const parts: string[] = [];
  for (let i = 0; i < args.length + kwargs.size; i++) {
    const isKwarg = i >= args.length;
    const entry = opt.entries[i];
    const v = isKwarg ? (kwargs.has(entry.name) ? kwargs.get(entry.name) : kwValues[i - args.length]) : args[i];
    const matching = entry !== undefined && matchesType(entry.type, v);
    const mark = matching ? '' : '!';
    const desc = Array.isArray(v) ? `list of [${v.map(typeName).join(', ')}]` : typeName(v);
    parts.push(`${mark}${isKwarg ? entry.name + '=' : ''}${desc}${mark}`);
  }
  return `(${parts.join(', ')}${args.length === 0 && parts.length > 0 ? ', ' : ''})`;
}

function unmatchedKwargs(opt: Option, kwargs: Map<string, unknown>): string[] {
  const start = Math.max(0, opt.entries.length - kwargs.size);
  return [...kwargs.keys()].filter((k) => !opt.entries.slice(start).some((e) => e.name === k));
}

/** format_invalid_args: "fn() received an invalid combination of arguments - got (...), but expected ...". */
function invalidCombination(fn: string, texts: string[], args: unknown[], kwargs: Map<string, unknown>): string {
  const head = `${fn}() received an invalid combination of arguments - `;
  const countMatches = (o: Option) => args.length + kwargs.size === o.entries.length;
  if (texts.length === 1) {
    const opt = option(texts[0]);
    const unmatched = unmatchedKwargs(opt, kwargs);
    if (unmatched.length > 0) return `${head}got unrecognized keyword arguments: ${unmatched.join(', ')}`;
    const got = countMatches(opt) ? formattedArgDesc(opt, args, kwargs) : argDesc(args, kwargs);
    return `${head}got ${got}, but expected ${texts[0]}`;
  }
  let msg = `${head}got ${argDesc(args, kwargs)}, but expected one of:\n`;
  for (const text of texts) {
    msg += ` * ${text}\n`;
    const opt = option(text);
    if (!countMatches(opt)) continue;
    const unmatched = unmatchedKwargs(opt, kwargs);
    msg += unmatched.length > 0
      ? `      didn't match because some of the keywords were incorrect: ${unmatched.join(', ')}\n`
      : `      didn't match because some of the arguments have invalid types: ${formattedArgDesc(opt, args, kwargs)}\n`;
  }
  return msg;
}

/**
 * Python's message for torch.<op>(...args) (form function, args from the input on) or
 * Tensor.<op>(...args) (form method, args after self) that no overload takes. `schemas` are the
 * op's ATen schemas; null when PyTorch's parser has no entry for the op.
 */
export function pythonArgumentMessage(
  op: string, form: Form, args: unknown[], kwargs: Record<string, unknown> | null, schemas: string[],
): string | null {
  const kw = new Map(Object.entries(kwargs ?? {}));
  const aten = schemas.map(atenArgs);
  const table = pythonSignatures();
  const printed = table.signatures[form][op];
  if (printed === undefined) {
    if (table.positional[form][op] === undefined) return null;
    const [minArgs, maxPos] = table.positional[form][op];
    const outVariant = schemas.some((s) => /^aten::\w+\.out\(/.test(s));
    const numbers = (s: Signature) => s.params.filter((p) => p.type === 'Number' || p.type === 'name' || p.type === 'str').length;
    // The ATen overload Python binds: the one with the parser's counts, a Tensor overload before a
    // Scalar one (Python has mul(Tensor other) only) and an int one before a Dimname one.
    const candidates = aten.filter((a) => !a.some((p) => /\(\w!\)/.test(p.type) && p.name === 'out'))
      .map((a) => atenSignature(form, a, outVariant)).sort((a, b) => numbers(a) - numbers(b));
    const sig = candidates.find((s) => s.minArgs === minArgs && s.maxPos === maxPos) ?? candidates[0] ?? signature('()', []);
    // The parser's own counts in its messages (nonzero's "takes from 1 to 0 positional arguments").
    const counted = { ...sig, minArgs, maxPos };
    return parseError(op, counted, args, kw) ?? intListElementError(op, counted, args, kw);
  }
  const n = args.length + kw.size;
  const parsed = printed.map((t) => parseSignature(t, form, aten));
  // The first signature the parser takes the call for: its int list may still hold a non-int.
  const taken = parsed.find((s) => parseError(op, s, args, kw) === null);
  if (taken) return intListElementError(op, taken, args, kw);  // null: Python takes the call
  const plausible = parsed.filter((s) => n >= s.minArgs && n <= s.maxArgs);
  if (plausible.length === 1) {
    const msg = parseError(op, plausible[0], args, kw);
    if (msg !== null) return msg;
  }
  return invalidCombination(op, printed, args, kw);
}

/**
 * PyTorch's argument-parser message for `fn(...args, kwargs)` against a binding whose one Python
 * signature is ATen schema `schema` (a function outside torch.*, such as torch._C._nn's); null when
 * the call binds.
 */
export function schemaArgumentMessage(fn: string, schema: string, args: unknown[], kwargs: Record<string, unknown> | null): string | null {
  return parseError(fn, atenSignature('function', atenArgs(schema), false), args, new Map(Object.entries(kwargs ?? {})));
}
