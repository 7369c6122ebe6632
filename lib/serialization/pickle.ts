// Python's pickle format. The reader runs protocols 0-5 on a stack machine whose globals come from
// a caller-supplied table (nothing is looked up by name), with every length checked against the
// bytes that remain. The writer emits protocol 2 with only the opcodes of PyTorch's weights-only
// unpickler; which globals it names is up to the caller's reduce hook.
import { unpicklingError } from './errors';
import { PY_FLOATS } from '../python/float_marks';

// ---- values -----------------------------------------------------------------------------------

/** Marks a JS array that is a Python tuple (read from a file, or to be written as one). */
export const PY_TUPLE = Symbol('torchts.tuple');
/** Marks a plain object that was a dict with int keys (an optimizer's `state`). */
export const PY_INT_KEYS = Symbol('torchts.intKeys');
/** Marks a plain object that was a collections.OrderedDict. */
export const PY_ORDERED = Symbol('torchts.ordered');

function mark<T extends object>(value: T, tag: symbol): T {
  Object.defineProperty(value, tag, { value: true, enumerable: false });
  return value;
}
export const tuple = <T>(items: T[]): T[] => mark(items, PY_TUPLE);
export const isTuple = (v: unknown): boolean => Array.isArray(v) && (v as any)[PY_TUPLE] === true;

/** A Python dict while unpickling (keys of any type, insertion order), converted by toJs(). */
export class PyDict {
  readonly items = new Map<unknown, unknown>();
  /** Attributes set by BUILD (an OrderedDict's `_metadata`). */
  readonly attrs = new Map<string, unknown>();
  constructor(readonly ordered = false) {}
}

/** A global the reader may call (REDUCE, NEWOBJ) or BUILD into. */
export class PyCallable {
  constructor(readonly qualname: string, readonly call: (args: unknown[]) => unknown) {}
}

/** A global the writer names: `module.name`. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
}
/** `func(*args)` to the writer, optionally followed by BUILD with `state`. */
export class PyReduce {
  constructor(readonly func: PyGlobal, readonly args: unknown[], readonly state?: unknown) {}
}
/** A persistent id: the writer emits `pid` then BINPERSID. */
export class PyPersistent {
  constructor(readonly pid: unknown[]) {}
}

// ---- reading ----------------------------------------------------------------------------------

export interface UnpickleHooks {
  /** The value of global `module.name`; throw for one that is not allowed. */
  findClass(module: string, name: string): unknown;
  /** The object a persistent id stands for. */
  persistentLoad(pid: unknown): unknown;
  /** BUILD on an object that is not a dict (tensor subclasses, legacy tensors); returns the new object. */
  build?(inst: unknown, state: unknown): unknown;
}

/** Globals every pickle may use, besides the caller's. */
const BUILTINS: Record<string, PyCallable> = {
  'collections.OrderedDict': new PyCallable('collections.OrderedDict', () => new PyDict(true)),
  // MultiStepLR keeps its milestones in a Counter, pickled as Counter(dict).
  'collections.Counter': new PyCallable('collections.Counter', (a) => {
    const d = new PyDict();
    if (a[0] instanceof PyDict) for (const [k, v] of a[0].items) d.items.set(k, v);
    return d;
  }),
  'builtins.set': new PyCallable('builtins.set', (a) => new Set(a.length ? (a[0] as unknown[]) : [])),
  'builtins.frozenset': new PyCallable('builtins.frozenset', (a) => new Set(a.length ? (a[0] as unknown[]) : [])),
  'builtins.list': new PyCallable('builtins.list', (a) => (a.length ? [...(a[0] as unknown[])] : [])),
  'builtins.tuple': new PyCallable('builtins.tuple', (a) => tuple(a.length ? [...(a[0] as unknown[])] : [])),
  'builtins.dict': new PyCallable('builtins.dict', () => new PyDict()),
  'builtins.bytearray': new PyCallable('builtins.bytearray', (a) => latin1OrBytes(a[0])),
  'builtins.bytes': new PyCallable('builtins.bytes', (a) => latin1OrBytes(a[0])),
  // Protocol 2 writes bytes as _codecs.encode(latin1_text, 'latin1').
  '_codecs.encode': new PyCallable('_codecs.encode', (a) => latin1OrBytes(a[0])),
};
BUILTINS['__builtin__.set'] = BUILTINS['builtins.set'];
BUILTINS['__builtin__.frozenset'] = BUILTINS['builtins.frozenset'];
BUILTINS['__builtin__.bytearray'] = BUILTINS['builtins.bytearray'];

function latin1OrBytes(v: unknown): Uint8Array {
  if (v === undefined) return new Uint8Array(0);
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  if (v instanceof Uint8Array) return v;
  throw unpicklingError(`cannot make bytes from ${typeof v}`);
}

/** The globals a reader resolves itself, for callers that look them up first. */
export function builtinGlobal(module: string, name: string): PyCallable | undefined {
  return BUILTINS[`${module}.${name}`];
}

const MAX_INT_BYTES = 1 << 20;

function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  if (bytes[bytes.length - 1] & 0x80) v -= 1n << BigInt(8 * bytes.length);
  return pyInt(v);
}

/** Python ints become numbers while exact, bigints past 2^53. */
function pyInt(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Runs one pickle (from `offset`) and returns the top of the stack at STOP, plus where it ended. */
export function unpickle(data: Uint8Array, hooks: UnpickleHooks, offset = 0): { value: unknown; end: number } {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = offset;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number, what: string): number => {
    if (!(n >= 0) || pos + n > data.length) throw unpicklingError(`pickle data was truncated (${what} at byte ${pos} needs ${n} bytes, ${data.length - pos} left)`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => data[need(1, 'opcode argument')];
  const u16 = () => dv.getUint16(need(2, 'opcode argument'), true);
  const u32 = () => dv.getUint32(need(4, 'opcode argument'), true);
  const u64 = (): number => {
    const v = dv.getBigUint64(need(8, 'opcode argument'), true);
    if (v > BigInt(data.length)) throw unpicklingError(`pickle data was truncated (length ${v} at byte ${pos - 8})`);
    return Number(v);
  };
  const bytes = (n: number, what: string) => data.subarray(need(n, what), pos);
  const utf8 = (n: number, what: string) => Buffer.from(data.buffer, data.byteOffset + need(n, what), n).toString('utf8');
  const line = (): string => {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) throw unpicklingError(`pickle data was truncated (line at byte ${pos} has no end)`);
    const s = Buffer.from(data.buffer, data.byteOffset + pos, nl - pos).toString('latin1');
    pos = nl + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw unpicklingError(`unpickling stack underflow at byte ${pos - 1}`);
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw unpicklingError(`unpickling stack underflow at byte ${pos - 1}`);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const outer = metastack.pop();
    if (outer === undefined) throw unpicklingError(`could not find MARK (byte ${pos - 1})`);
    stack = outer;
    return items;
  };
  const getMemo = (i: number): unknown => {
    if (!memo.has(i)) throw unpicklingError(`Memo value not found at index ${i}`);
    return memo.get(i);
  };
  const global = (module: string, name: string): unknown => {
    if (name.length === 0 || module.length === 0) throw unpicklingError(`bad global '${module}.${name}'`);
    return hooks.findClass(module, name);
  };
  const call = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof PyCallable)) throw unpicklingError(`cannot call ${describe(fn)} while unpickling`);
    if (!Array.isArray(args)) throw unpicklingError(`arguments of ${fn.qualname} must be a tuple`);
    return fn.call(args);
  };
  const setItem = (d: unknown, k: unknown, v: unknown): void => {
    if (d instanceof PyDict) d.items.set(k, v);
    else throw unpicklingError(`SETITEM on ${describe(d)}`);
  };
  const append = (list: unknown, items: unknown[]): void => {
    if (Array.isArray(list) && !isTuple(list)) for (const it of items) list.push(it);
    else if (list instanceof Set) for (const it of items) list.add(it);
    else throw unpicklingError(`APPEND on ${describe(list)}`);
  };
  const float = (s: string): number => {
    const v = Number(s);
    if (Number.isNaN(v) && !/nan/i.test(s)) throw unpicklingError(`bad float '${s}'`);
    return v;
  };
  const textInt = (s: string): unknown => {
    const t = s.replace(/L$/, '');
    if (t === '00') return false;
    if (t === '01') return true;
    if (!/^[+-]?\d+$/.test(t)) throw unpicklingError(`bad int '${s}'`);
    return pyInt(BigInt(t));
  };

  for (;;) {
    if (pos >= data.length) throw unpicklingError('pickle data was truncated (no STOP opcode)');
    const op = data[pos++];
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: u64(); break; // FRAME: frames are only a buffering hint
      case 0x2e: { // STOP
        const value = pop();
        return { value, end: pos };
      }
      case 0x28: metastack.push(stack); stack = []; break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      // Scalars
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: stack.push(u16()); break; // BININT2
      case 0x4a: stack.push(dv.getInt32(need(4, 'BININT'), true)); break; // BININT
      case 0x8a: { const n = u8(); stack.push(decodeLong(bytes(n, 'LONG1'))); break; } // LONG1
      case 0x8b: { // LONG4
        const n = dv.getInt32(need(4, 'LONG4'), true);
        if (n < 0 || n > MAX_INT_BYTES) throw unpicklingError(`LONG4 of ${n} bytes is out of range`);
        stack.push(decodeLong(bytes(n, 'LONG4')));
        break;
      }
      case 0x47: stack.push(dv.getFloat64(need(8, 'BINFLOAT'), false)); break; // BINFLOAT (big-endian)
      case 0x49: stack.push(textInt(line())); break; // INT
      case 0x4c: stack.push(textInt(line())); break; // LONG
      case 0x46: stack.push(float(line())); break; // FLOAT
      // Strings and bytes
      case 0x58: { const n = u32(); stack.push(utf8(n, 'BINUNICODE')); break; }
      case 0x8c: { const n = u8(); stack.push(utf8(n, 'SHORT_BINUNICODE')); break; }
      case 0x8d: { const n = u64(); stack.push(utf8(n, 'BINUNICODE8')); break; }
      case 0x56: stack.push(line().replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a, b) => String.fromCodePoint(parseInt(a ?? b, 16)))); break; // UNICODE
      // Python 2 str: PyTorch reads them as text (encoding='utf-8').
      case 0x55: { const n = u8(); stack.push(utf8(n, 'SHORT_BINSTRING')); break; }
      case 0x54: { const n = dv.getInt32(need(4, 'BINSTRING'), true); stack.push(utf8(n, 'BINSTRING')); break; }
      case 0x53: { // STRING: a quoted repr
        const s = line();
        const m = /^(['"])(.*)\1$/s.exec(s);
        if (!m) throw unpicklingError('the STRING opcode argument must be quoted');
        stack.push(m[2].replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e)));
        break;
      }
      case 0x43: { const n = u8(); stack.push(bytes(n, 'SHORT_BINBYTES').slice()); break; }
      case 0x42: { const n = u32(); stack.push(bytes(n, 'BINBYTES').slice()); break; }
      case 0x8e: { const n = u64(); stack.push(bytes(n, 'BINBYTES8').slice()); break; }
      case 0x96: { const n = u64(); stack.push(bytes(n, 'BYTEARRAY8').slice()); break; }
      case 0x97: throw unpicklingError('pickle stream refers to out-of-band data but no buffers were given');
      case 0x98: top(); break; // READONLY_BUFFER
      // Containers
      case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
      case 0x74: { const items = popMark(); stack.push(tuple(items)); break; } // TUPLE
      case 0x85: { const a = pop(); stack.push(tuple([a])); break; } // TUPLE1
      case 0x86: { const b = pop(), a = pop(); stack.push(tuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); stack.push(tuple([a, b, c])); break; } // TUPLE3
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: { const items = popMark(); stack.push(items); break; } // LIST
      case 0x61: { const v = pop(); append(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); append(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new PyDict()); break; // EMPTY_DICT
      case 0x64: { // DICT
        const items = popMark();
        if (items.length % 2) throw unpicklingError('odd number of items for DICT');
        const d = new PyDict();
        for (let i = 0; i < items.length; i += 2) d.items.set(items[i], items[i + 1]);
        stack.push(d);
        break;
      }
      case 0x73: { const v = pop(), k = pop(); setItem(top(), k, v); break; } // SETITEM
      case 0x75: { // SETITEMS
        const items = popMark();
        if (items.length % 2) throw unpicklingError('odd number of items for SETITEMS');
        const d = top();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x90: { const items = popMark(); append(top(), items); break; } // ADDITEMS
      case 0x91: { const items = popMark(); stack.push(new Set(items)); break; } // FROZENSET
      // Memo
      case 0x68: stack.push(getMemo(u8())); break; // BINGET
      case 0x6a: stack.push(getMemo(u32())); break; // LONG_BINGET
      case 0x67: stack.push(getMemo(Number(line()))); break; // GET
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x70: memo.set(Number(line()), top()); break; // PUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      // Objects
      case 0x63: { const module = line(), name = line(); stack.push(global(module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop(), module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw unpicklingError('STACK_GLOBAL requires str');
        stack.push(global(module, name));
        break;
      }
      case 0x52: { const args = pop(); const fn = pop(); stack.push(call(fn, args)); break; } // REDUCE
      case 0x81: { const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ
      case 0x92: { pop(); const args = pop(); const cls = pop(); stack.push(call(cls, args)); break; } // NEWOBJ_EX
      case 0x69: { // INST
        const module = line(), name = line();
        const args = popMark();
        stack.push(call(global(module, name), args));
        break;
      }
      case 0x6f: { // OBJ
        const items = popMark();
        if (items.length === 0) throw unpicklingError('OBJ without a class');
        stack.push(call(items[0], items.slice(1)));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const inst = top();
        if (inst instanceof PyDict) {
          const attrs = Array.isArray(state) && state.length === 2 ? state[0] : state;
          if (attrs instanceof PyDict) for (const [k, v] of attrs.items) inst.attrs.set(String(k), v);
          else if (attrs !== null) throw unpicklingError('BUILD state of a dict must be a dict');
        } else if (hooks.build) {
          stack[stack.length - 1] = hooks.build(inst, state);
        } else {
          throw unpicklingError(`cannot BUILD ${describe(inst)}`);
        }
        break;
      }
      case 0x50: stack.push(hooks.persistentLoad(line())); break; // PERSID
      case 0x51: stack.push(hooks.persistentLoad(pop())); break; // BINPERSID
      case 0x82: case 0x83: case 0x84: throw unpicklingError('the extension registry (EXT1/2/4) is not supported');
      default:
        throw unpicklingError(`invalid load key, '${op < 0x20 || op > 0x7e ? `\\x${op.toString(16).padStart(2, '0')}` : String.fromCharCode(op)}' (byte ${pos - 1}).`);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof PyCallable) return v.qualname;
  if (v instanceof PyDict) return 'dict';
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Python cannot pickle deeper nesting (its recursion limit is 1000); past it a hostile file would exhaust the JS stack. */
const MAX_DEPTH = 1000;

/**
 * Python values as JS (porting rule 10): a dict with str keys -> plain object, int keys -> plain
 * object marked PY_INT_KEYS, other keys -> Map; an OrderedDict keeps `_metadata` as a hidden
 * property. Shared objects stay shared.
 */
export function toJs(value: unknown, seen = new Map<object, unknown>(), leaf?: (v: object) => unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  const replaced = leaf?.(value);
  if (replaced !== undefined) return replaced;
  if (depth > MAX_DEPTH) throw unpicklingError(`pickle data nests containers more than ${MAX_DEPTH} levels deep`);
  const toJs_ = (v: unknown) => toJs(v, seen, leaf, depth + 1);
  if (Array.isArray(value)) {
    const out: unknown[] = isTuple(value) ? tuple([]) : [];
    seen.set(value, out);
    for (const v of value) out.push(toJs_(v));
    return out;
  }
  if (value instanceof PyDict) {
    const keys = [...value.items.keys()];
    const allStr = keys.every((k) => typeof k === 'string');
    const allInt = !allStr && keys.every((k) => (typeof k === 'number' && Number.isInteger(k)) || typeof k === 'bigint');
    if (!allStr && !allInt) {
      const m = new Map<unknown, unknown>();
      seen.set(value, m);
      for (const [k, v] of value.items) m.set(toJs_(k), toJs_(v));
      return m;
    }
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    if (allInt) mark(out, PY_INT_KEYS);
    if (value.ordered) mark(out, PY_ORDERED);
    for (const [k, v] of value.items) out[String(k)] = toJs_(v);
    for (const [k, v] of value.attrs) Object.defineProperty(out, k, { value: toJs_(v), enumerable: false, writable: true, configurable: true });
    return out;
  }
  if (value instanceof Set) {
    const s = new Set<unknown>();
    seen.set(value, s);
    for (const v of value) s.add(toJs_(v));
    return s;
  }
  return value;
}

// ---- writing ----------------------------------------------------------------------------------

class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 12);
  length = 0;
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  byte(b: number): void { this.reserve(1); this.buf[this.length++] = b; }
  bytes(b: Uint8Array): void { this.reserve(b.length); this.buf.set(b, this.length); this.length += b.length; }
  u32(v: number): void { this.reserve(4); this.buf.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number): void { this.reserve(4); this.buf.writeInt32LE(v, this.length); this.length += 4; }
  u16(v: number): void { this.reserve(2); this.buf.writeUInt16LE(v, this.length); this.length += 2; }
  f64be(v: number): void { this.reserve(8); this.buf.writeDoubleBE(v, this.length); this.length += 8; }
  result(): Buffer { return this.buf.subarray(0, this.length); }
}

export interface PickleHooks {
  /** How to write an object the pickler does not know (tensors, devices, dtypes); undefined: an error. */
  reduce(value: object): PyReduce | PyPersistent | PyGlobal | undefined;
  /** Whether an array under `key` is written as a tuple (PyTorch's `betas`). */
  tupleKey?(key: string): boolean;
}

/** Two's-complement little-endian bytes of `v`, as Python's encode_long. */
function encodeLong(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = v;
  for (;;) {
    const b = Number(x & 0xffn);
    out.push(b);
    x >>= 8n;
    if ((x === 0n && !(b & 0x80)) || (x === -1n && b & 0x80)) break;
  }
  return Uint8Array.from(out);
}

const BATCH = 1000;

/** Pickles `value` with protocol 2 (PyTorch's default). */
export function pickle(value: unknown, hooks: PickleHooks): Buffer {
  const w = new ByteWriter();
  const memo = new Map<unknown, number>();
  const globals = new Map<string, number>();
  const active = new Set<object>();

  const put = (obj: unknown): void => {
    const i = memo.size + globals.size;
    if (i < 256) { w.byte(0x71); w.byte(i); } else { w.byte(0x72); w.u32(i); }
    if (obj instanceof PyGlobal) globals.set(`${obj.module}\n${obj.name}`, i); else memo.set(obj, i);
  };
  const get = (i: number): void => {
    if (i < 256) { w.byte(0x68); w.byte(i); } else { w.byte(0x6a); w.u32(i); }
  };
  const saveGlobal = (g: PyGlobal): void => {
    const key = `${g.module}\n${g.name}`;
    const i = globals.get(key);
    if (i !== undefined) return get(i);
    w.byte(0x63);
    w.bytes(Buffer.from(`${key}\n`, 'utf8'));
    put(g);
  };
  const saveInt = (v: bigint): void => {
    if (v >= 0n && v < 256n) { w.byte(0x4b); w.byte(Number(v)); } else if (v >= 0n && v < 65536n) { w.byte(0x4d); w.u16(Number(v)); } else if (v >= -(2n ** 31n) && v < 2n ** 31n) { w.byte(0x4a); w.i32(Number(v)); } else {
      const b = encodeLong(v);
      w.byte(0x8a);
      w.byte(b.length);
      w.bytes(b);
    }
  };
  const saveTuple = (items: unknown[], path: string): void => {
    if (items.length === 0) { w.byte(0x29); return; }
    if (items.length <= 3) {
      items.forEach((it, i) => save(it, `${path}[${i}]`));
      w.byte(0x84 + items.length);
      return;
    }
    w.byte(0x28);
    items.forEach((it, i) => save(it, `${path}[${i}]`));
    w.byte(0x74);
  };
  const saveItems = (entries: [unknown, unknown][], path: string, floats?: ReadonlyMap<string, unknown>): void => {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      if (batch.length === 1) {
        save(batch[0][0], path);
        save(batch[0][1], `${path}.${String(batch[0][0])}`, String(batch[0][0]), floats?.get(String(batch[0][0])) === batch[0][1]);
        w.byte(0x73);
        continue;
      }
      w.byte(0x28);
      for (const [k, v] of batch) { save(k, path); save(v, `${path}.${String(k)}`, String(k), floats?.get(String(k)) === v); }
      w.byte(0x75);
    }
  };
  const saveDict = (obj: Record<string, unknown> | Map<unknown, unknown>, path: string): void => {
    const isMap = obj instanceof Map;
    const hidden = isMap ? undefined : Object.getOwnPropertyDescriptor(obj, '_metadata');
    const metadata = hidden && !hidden.enumerable ? hidden.value : undefined;
    const ordered = !isMap && (metadata !== undefined || (obj as any)[PY_ORDERED] === true);
    if (ordered) {
      saveGlobal(new PyGlobal('collections', 'OrderedDict'));
      w.byte(0x29);
      w.byte(0x52);
    } else {
      w.byte(0x7d);
    }
    put(obj);
    let entries: [unknown, unknown][];
    if (isMap) entries = [...obj.entries()];
    else {
      const keys = Object.keys(obj);
      const intKeys = keys.length > 0 && ((obj as any)[PY_INT_KEYS] === true || keys.every((k) => /^(0|[1-9]\d{0,15})$/.test(k)));
      entries = keys.map((k) => [intKeys ? Number(k) : k, (obj as Record<string, unknown>)[k]]);
    }
    saveItems(entries, path, isMap ? undefined : (obj as any)[PY_FLOATS]);
    if (metadata !== undefined) {
      w.byte(0x7d);
      save('_metadata', path);
      save(metadata, `${path}._metadata`);
      w.byte(0x73);
      w.byte(0x62);
    }
  };
  const saveReduce = (r: PyReduce, obj: object, path: string): void => {
    saveGlobal(r.func);
    saveTuple(r.args, path);
    w.byte(0x52);
    put(obj);
    if (r.state !== undefined) {
      save(r.state, path);
      w.byte(0x62);
    }
  };

  function save(v: unknown, path: string, key = '', asFloat = false): void {
    if (v === null) return w.byte(0x4e);
    switch (typeof v) {
      case 'boolean': return w.byte(v ? 0x88 : 0x89);
      case 'number':
        if (!asFloat && Number.isSafeInteger(v) && !Object.is(v, -0)) return saveInt(BigInt(v));
        w.byte(0x47);
        return w.f64be(v);
      case 'bigint': return saveInt(v);
      case 'string': {
        const b = Buffer.from(v, 'utf8');
        w.byte(0x58);
        w.u32(b.length);
        return w.bytes(b);
      }
      case 'object': break;
      default:
        throw new TypeError(`torch.save: cannot save ${v === undefined ? 'undefined' : `a ${typeof v}`} (at ${path || 'the top level'})`);
    }
    const obj = v as object;
    const seen = memo.get(obj);
    if (seen !== undefined) return get(seen);
    if (active.has(obj)) throw new TypeError(`torch.save: cannot save a recursive structure (at ${path})`);
    active.add(obj);
    try {
      if (Array.isArray(obj)) {
        if (isTuple(obj) || (hooks.tupleKey?.(key) ?? false)) {
          saveTuple(obj, path);
          put(obj);
          return;
        }
        w.byte(0x5d);
        put(obj);
        for (let i = 0; i < obj.length; i += BATCH) {
          const batch = obj.slice(i, i + BATCH);
          if (batch.length === 1) { save(batch[0], `${path}[${i}]`); w.byte(0x61); continue; }
          w.byte(0x28);
          batch.forEach((it, j) => save(it, `${path}[${i + j}]`));
          w.byte(0x65);
        }
        return;
      }
      if (obj instanceof PyPersistent) {
        saveTuple(obj.pid, path);
        w.byte(0x51);
        return;
      }
      if (obj instanceof PyReduce) return saveReduce(obj, obj, path);
      if (obj instanceof PyGlobal) return saveGlobal(obj);
      const custom = hooks.reduce(obj);
      if (custom instanceof PyReduce) return saveReduce(custom, obj, path);
      if (custom instanceof PyGlobal) return saveGlobal(custom);
      if (custom instanceof PyPersistent) {
        save(custom, path);
        return;
      }
      if (obj instanceof Map) return saveDict(obj, path);
      if (obj instanceof Set) {
        saveGlobal(new PyGlobal('builtins', 'set'));
        w.byte(0x5d);
        w.byte(0x28);
        for (const it of obj) save(it, path);
        w.byte(0x65);
        w.byte(0x85);
        w.byte(0x52);
        put(obj);
        return;
      }
      if (obj instanceof Uint8Array) {
        saveGlobal(new PyGlobal('_codecs', 'encode'));
        save(Buffer.from(obj).toString('latin1'), path);
        save('latin1', path);
        w.byte(0x86);
        w.byte(0x52);
        put(obj);
        return;
      }
      const proto = Object.getPrototypeOf(obj);
      if (proto === Object.prototype || proto === null) return saveDict(obj as Record<string, unknown>, path);
      throw new TypeError(`torch.save: cannot save an object of type ${proto?.constructor?.name ?? 'unknown'} (at ${path || 'the top level'})`);
    } finally {
      active.delete(obj);
    }
  }

  w.byte(0x80);
  w.byte(2);
  save(value, '');
  w.byte(0x2e);
  return w.result();
}
