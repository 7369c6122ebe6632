// Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict (torch/nn/modules/container.py).
// Python's item syntax ports as: `seq[i]` / `seq[i] = m` / `delete seq[i]` (negative i too, through
// a Proxy), `at(i)`, `set(i, m)`, `delete(i | slice)`, `slice(start, stop, step)` for `seq[a:b:c]`;
// `len(x)` -> `x.length`; `a + b` -> `a.add(b)`, `a += b` -> `a.add_(b)`, `a * n` / `n * a` ->
// `a.mul(n)`, `a *= n` -> `a.mul_(n)`, `d | e` -> `d.or(e)`, `d |= e` -> `d.or_(e)`; `k in d` ->
// `d.has(k)`. A slice argument is `'1:3'`-style text or `{ start, stop, step }`, as in `x.index`.
import { Module, addIndent } from './module';
import { forRelease } from '../release';
import { Parameter } from './parameter';
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { typeName } from '../python/typename';
import { pyBind } from '../python/binder';
import { isOptions } from '../python/options';
import { Slice, parseSlice, sliceIndices } from '../python/slice';
import * as G from './global_hooks';

const NUMERIC = /^-?\d+$/;
const indexError = (message: string) => new TorchError(message, 'IndexError');
const keyError = (key: unknown) => new TorchError(String(key), 'KeyError');

/** Python's operator.index: an int (a bool counts), else TypeError. */
function pyIndex(idx: unknown): number {
  if (typeof idx === 'number' && Number.isInteger(idx)) return idx;
  if (typeof idx === 'boolean' || typeof idx === 'bigint') return Number(idx);
  throw new TypeError(`'${typeName(idx)}' object cannot be interpreted as an integer`);
}

/** The list index `idx` names among `length` entries (negative from the end), else Python's IndexError. */
function absIndex(idx: unknown, length: number): number {
  const i = pyIndex(idx);
  if (i < -length || i >= length) throw indexError(`index ${i} is out of range`);
  return i < 0 ? i + length : i;
}

/** A slice argument (`'1:3'`, `{ start, stop, step }`) as a Slice; null for an index. */
function asSlice(idx: unknown): Slice | null {
  if (typeof idx === 'string') {
    const s = parseSlice(idx);
    if (s === null) throw new TypeError(`'str' object cannot be interpreted as an integer`);
    return s;
  }
  return isOptions(idx) ? (idx as Slice) : null;
}

/** What Python's `for x in value` walks (a dict or Map: its keys), or null when value is not iterable. */
function pyIterable(value: unknown): Iterable<unknown> | null {
  if (typeof value === 'string') return value;
  if (isOptions(value)) return Object.keys(value);
  if (value instanceof Map) return value.keys();
  if (value !== null && value !== undefined && typeof (value as any)[Symbol.iterator] === 'function') return value as Iterable<unknown>;
  return null;
}

function iterate(value: unknown): Iterable<unknown> {
  const it = pyIterable(value);
  if (it === null) throw new TypeError(`'${typeName(value)}' object is not iterable`);
  return it;
}

/**
 * The one argument of a method (`name` in Python): positional, or `{ name: value }` by name; a
 * plain object with other keys is a positional dict.
 */
function argOf<T>(fn: string, args: readonly unknown[], name: string): T {
  const byName = isOptions(args[0]) && Object.keys(args[0]).length > 0 && Object.keys(args[0]).every((k) => k === name);
  return args.length === 1 && !byName ? (args[0] as T) : pyBind<[T]>(fn, args, [name])[0];
}

/** `<class '...'>` of a value, with the containers' Python module path. */
function pyClassRepr(value: unknown): string {
  const name = typeName(value);
  const qualified = value instanceof Module && CONTAINERS.has(Object.getPrototypeOf(value).constructor) ? `torch.nn.modules.container.${name}` : name;
  return `<class '${qualified}'>`;
}

function hidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

/** The object behind a container's Proxy, for reading a key without item semantics. */
const RAW = Symbol('raw');
const raw = (m: Module): any => (m as any)[RAW] ?? m;
/** A count of the own-key changes made through a container's Proxy (what cached entries depend on). */
const VERSION = Symbol('version');
/** `-1`, `0`, `12`: a key that Python's list syntax reads as an index. */
const isIndexKey = (key: string): boolean => {
  const c = key.charCodeAt(0);
  return (c === 45 || (c >= 48 && c <= 57)) && NUMERIC.test(key);
};

/** Sets an own property the way Python's `_modules[key] = value` does: no checks, no hooks. */
function store(m: Module, key: string, value: Module | null): void {
  G.assignRegistered(m, key, value);
  markNone(m, key, value);
}

// Set while a container removes one of its own keys (not Python's `del c[i]`).
let removing = false;
/** Removes an own property without item semantics. */
function removeKey(m: Module, key: string): void {
  removing = true;
  try { delete (m as any)[key]; } finally { removing = false; }
  markNone(m, key, undefined);
}

// Python's `_modules` may map a key to None (`Sequential(None)`, `seq[0] = None`): a module
// container keeps the keys of its own such entries, as a null property alone could be any attribute.
const NONE_ENTRIES = '_none_modules';
function markNone(m: Module, key: string, value: unknown): void {
  let keys: Set<string> | undefined = raw(m)[NONE_ENTRIES];
  if (value === null) {
    if (keys === undefined) hidden(m, NONE_ENTRIES, keys = new Set());
    keys.add(key);
  } else keys?.delete(key);
}

/** The module entry at `key` (a Module, or null for a None entry); undefined when there is none. */
function entryAt(m: Module, key: string): Module | null | undefined {
  if (!Object.prototype.hasOwnProperty.call(raw(m), key)) return undefined;
  const v = raw(m)[key];
  return v instanceof Module || (v === null && raw(m)[NONE_ENTRIES]?.has(key)) ? v : undefined;
}

interface ItemSyntax {
  /** Reads an index key; undefined falls back to the property. */
  get?: (c: any, key: string) => unknown;
  /** Whether `get` reads index keys that name an entry too (Sequential's items are by position). */
  byPosition?: boolean;
  set?: (c: any, key: string, v: unknown) => boolean;
  del?: (c: any, key: string) => boolean;
}

// Set while Module's own code reads attributes by name (`getattr(seq, '0')`), not Sequential's items.
let readingAttributes = false;
function byAttribute<T>(read: () => T): T {
  const outer = readingAttributes;
  readingAttributes = true;
  try { return read(); } finally { readingAttributes = outer; }
}

/**
 * A Proxy over a container: `item` decides which property reads, writes and deletes are Python's
 * item syntax. It also keeps the own keys in insertion order (a JS object lists integer-like keys
 * first, Python's `_modules` keeps them where they were added: `seq[::-1]` has '2', '1', '0').
 */
function itemProxy(m: Module, item: ItemSyntax): Module {
  const rank = new Map<string, number>();
  let next = 0, version = 0;
  const proxy: Module = new Proxy(m, {
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      if (prop === VERSION) return version;
      if (item.get && typeof prop === 'string' && isIndexKey(prop) && ((item.byPosition && !readingAttributes) || !(prop in target))) {
        const r = item.get(receiver, prop);
        if (r !== undefined) return r;
      }
      return Reflect.get(target, prop, receiver);
    },
    set(target, prop, value, receiver) {
      if (typeof prop === 'string' && item.set && !G.isRegistering() && item.set(receiver, prop, value)) return true;
      return Reflect.set(target, prop, value, receiver);
    },
    defineProperty(target, prop, desc) {
      const added = typeof prop === 'string' && !Object.prototype.hasOwnProperty.call(target, prop);
      const ok = Reflect.defineProperty(target, prop, desc);
      if (ok && added) rank.set(prop as string, next++);
      version++;
      return ok;
    },
    deleteProperty(target, prop) {
      if (typeof prop === 'string' && item.del && !removing && item.del(proxy, prop)) return true;
      const ok = Reflect.deleteProperty(target, prop);
      if (ok && typeof prop === 'string') rank.delete(prop);
      version++;
      return ok;
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      const tracked = (k: string | symbol): k is string => typeof k === 'string' && rank.has(k);
      return [...keys.filter((k) => !tracked(k)), ...keys.filter(tracked).sort((a, b) => rank.get(a)! - rank.get(b)!)];
    },
  });
  return proxy;
}

/**
 * Numeric keys are list items: `seq[-1]`, `seq[0] = m`, `delete seq[0]` run at / set / delete. A
 * read of a key that names an entry reads that entry (ModuleList's `self._modules[str(idx)]`).
 */
const listItems = {
  get: (c: any, key: string) => c.at(Number(key)),
  set: (c: any, key: string, v: unknown) => { if (!NUMERIC.test(key)) return false; c.set(Number(key), v); return true; },
  del: (c: any, key: string) => { if (!NUMERIC.test(key)) return false; c.delete(Number(key)); return true; },
} satisfies ItemSyntax;

/**
 * add_module as Python runs it for a container's entry, checks in its order: a module (or null),
 * then a name that no other attribute holds (a method, the module's own state; `__proto__` too).
 */
function addEntry(c: Module, name: string, module: Module | null): void {
  if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
  if (typeof name === 'string' && name in c) {
    const current = raw(c)[name];
    const entry = Object.prototype.hasOwnProperty.call(raw(c), name) && (current instanceof Module || current === null);
    if (current !== undefined && !entry) throw keyError(`attribute '${name}' already exists`);
  }
  c.add_module(name, module);
}

/** Sequential, ModuleList and ModuleDict: entries are the sub-modules, None entries included. */
abstract class ModuleContainer extends Module {
  add_module(...args: Parameters<Module['add_module']>): void {
    const [name, module] = pyBind<[string, Module | null]>('Module.add_module', args, ['name', 'module']);
    super.add_module(name, module);
    markNone(this, name, module);
  }
  /** The entries in order (`_modules.items()`); a module registered twice counts twice. */
  protected moduleEntries(): [string, Module | null][] {
    const out: [string, Module | null][] = [];
    for (const key of Object.keys(this)) {
      const m = entryAt(this, key);
      if (m !== undefined) out.push([key, m]);
    }
    return out;
  }
  protected _reprChildren(): [string, Module | null][] { return this.moduleEntries(); }
}

const entriesCache = new WeakMap<object, { version: number; entries: [string, Module | null][] }>();

// Elements are heterogeneous (Linear, ReLU, ...) and Python reads their attributes directly
// (`model[-1].out_features`, `for layer in model: layer.weight`), so element reads are typed `any`
// like Python's: `model[1].weight`, `model.at(-1).out_features` and `instanceof` narrowing all port as written.
abstract class ModuleSequence extends ModuleContainer {
  [index: number]: any;
  /** The Python class that defines the methods, as its messages name it. */
  protected abstract get owner(): string;
  _wrapInstance(m: Module): Module { return itemProxy(m, listItems); }
  /**
   * The registered entries in order; a module registered twice counts twice, as in Python's
   * `_modules`. Cached until an own key changes (forward reads them on every call).
   */
  protected items(): readonly [string, Module | null][] {
    const version = (this as any)[VERSION] as number | undefined;
    const cached = entriesCache.get(raw(this));
    if (version !== undefined && cached?.version === version) return cached.entries;
    const entries = this.moduleEntries();
    if (version !== undefined) entriesCache.set(raw(this), { version, entries });
    return entries;
  }
  get length(): number { return this.items().length; }
  [Symbol.iterator](): Iterator<any> { return this.items().map(([, m]) => m)[Symbol.iterator](); }
  /** Python's `seq[idx]`. */
  abstract at(idx: number): any;
  /** Python's `seq[idx] = module`. */
  set(idx: number, module: Module | null): void {
    const key = this.keyAt(idx);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`cannot assign '${typeName(module)}' as child module '${key}' (torch.nn.Module or None expected)`);
    this.add_module(key, module);
  }
  protected abstract keyAt(idx: number): string;
  /** Python's `del seq[idx]` (an index or a slice); the rest are renumbered '0', '1', ... */
  delete(idx: number | string | Slice): void {
    const keys = this.items().map(([k]) => k);
    const s = asSlice(idx);
    const gone = s === null ? [this.keyAt(idx as number)] : sliceIndices(s, keys.length).map((i) => keys[i]);
    for (const key of gone) removeKey(this, key);
    const rest = this.items();
    for (const [key] of rest) removeKey(this, key);
    rest.forEach(([, m], i) => store(this, String(i), m));
  }
  /** Removes the entry (or slice) at `key` and returns it. */
  pop(...args: [number | string | Slice] | [{ key: number | string | Slice }]): any {
    const key = argOf<number | string | Slice>(`${this.owner}.pop`, args, 'key');
    const s = asSlice(key);
    const v = s === null ? this.at(key as number) : this.sliceBy(s);
    this.delete(key);
    return v;
  }
  protected abstract sliceBy(s: Slice): ModuleSequence;
  /** Python's `seq[start:stop:step]` (`slice(0, -1)` is `[:-1]`): a new container sharing the modules. */
  slice(start: number | null = null, stop: number | null = null, step: number | null = null): this {
    return this.sliceBy({ start, stop, step }) as this;
  }
  append(...args: [Module | null] | [{ module: Module | null }]): this {
    const module = argOf<Module | null>(`${this.owner}.append`, args, 'module');
    this.add_module(String(this.length), module);
    return this;
  }
  /** Python's `insert` loop: entries from `index` on move up one key; a key it needs that is missing is a KeyError. */
  protected shiftInsert(index: number, module: Module | null): void {
    const n = this.length;
    const at = pyIndex(index);
    for (let i = n; i > at; i--) {
      const prev = entryAt(this, String(i - 1));
      if (prev === undefined) throw keyError(String(i - 1));
      store(this, String(i), prev);
    }
    store(this, String(at), module);
  }
}

/**
 * Sequential's `seq[i]` is the i-th entry whatever the names (Python's `_get_item_by_idx`), so a
 * Sequential of OrderedDict([('a', m1), ('0', m2)]) has m1 at `seq[0]`; past the end, a key that
 * names an entry reads it.
 */
const sequentialItems = {
  ...listItems,
  byPosition: true,
  get: (c: any, key: string) => {
    const i = Number(key), n = c.length;
    return (i >= -n && i < n) || !(key in raw(c)) ? c.at(i) : undefined;
  },
} satisfies ItemSyntax;

/** A chain of modules, each fed the previous one's output. */
export class Sequential extends ModuleSequence {
  protected get owner(): string { return 'Sequential'; }
  _wrapInstance(m: Module): Module { return itemProxy(m, sequentialItems); }
  // Module's traversals read entries as attributes (by name), past the positional item syntax.
  protected ownEntries(kind: 'parameter' | 'buffer' | 'module'): [string, any][] { return byAttribute(() => super.ownEntries(kind)); }
  get_submodule(...args: Parameters<Module['get_submodule']>): Module { return byAttribute(() => super.get_submodule(...args)); }
  get_parameter(...args: Parameters<Module['get_parameter']>): Parameter { return byAttribute(() => super.get_parameter(...args)); }
  get_buffer(...args: Parameters<Module['get_buffer']>): Tensor { return byAttribute(() => super.get_buffer(...args)); }
  /** `Sequential(m1, m2, ...)`, or one Map (Python's OrderedDict) or plain object of named modules. */
  constructor(...args: (Module | null | Record<string, Module | null> | Map<string, Module | null>)[]) {
    super();
    const only = args[0];
    if (args.length === 1 && (only instanceof Map || isOptions(only))) {
      for (const [name, m] of only instanceof Map ? only.entries() : Object.entries(only)) addEntry(this, name, m);
    } else {
      args.forEach((m, i) => this.add_module(String(i), m as Module));
    }
  }
  forward(input: unknown): unknown {
    let x = input;
    for (const [, m] of this.items()) {
      if (m === null) throw new TypeError("'NoneType' object is not callable");
      x = m(x);
    }
    return x;
  }
  at(idx: number): any { return this.items()[absIndex(idx, this.length)][1]; }
  protected keyAt(idx: number): string { return this.items()[absIndex(idx, this.length)][0]; }
  /** Keeps the entries' names, as Python's `self.__class__(OrderedDict(list(self._modules.items())[idx]))`. */
  protected sliceBy(s: Slice): Sequential {
    const items = this.items();
    const cls = Object.getPrototypeOf(this).constructor as new (arg: Map<string, Module | null>) => Sequential;
    return new cls(new Map(sliceIndices(s, items.length).map((i) => items[i])));
  }
  /** Inserts `module` before `index` (-length <= index <= length); returns this. */
  insert(...args: [number, Module] | [{ index: number; module: Module }]): this {
    const [index, module] = pyBind<[number, Module]>('Sequential.insert', args, ['index', 'module']);
    if (!(module instanceof Module)) throw new TorchError("module should be of type: <class 'torch.nn.modules.module.Module'>", 'AssertionError');
    const n = this.length;
    if (!(-n <= index && index <= n)) throw indexError(`Index out of range: ${index}`);
    this.shiftInsert(index < 0 ? index + n : index, module);
    return this;
  }
  /** Appends each module of `sequential` (any iterable of modules). */
  extend(...args: [Iterable<Module>] | [{ sequential: Iterable<Module> }]): this {
    const sequential = argOf<Iterable<Module>>('Sequential.extend', args, 'sequential');
    for (const m of iterate(sequential)) this.append(m as Module);
    return this;
  }
  private checkSequential(other: unknown): asserts other is Sequential {
    if (!(other instanceof Sequential)) throw new TorchError(`add operator supports only objects of Sequential class, but ${pyClassRepr(other)} is given.`, 'ValueError');
  }
  /** Python's `self + other`: a new Sequential of both's modules, numbered from 0. */
  add(other: Sequential): Sequential {
    this.checkSequential(other);
    const out = new Sequential();
    for (const m of [...this, ...other]) out.append(m);
    return out;
  }
  /** Python's `self += other`: appends other's modules; returns this. */
  add_(other: Sequential): this {
    this.checkSequential(other);
    const offset = this.length;
    [...other].forEach((m, i) => this.add_module(String(i + offset), m));
    return this;
  }
  private checkFactor(other: unknown): asserts other is number {
    if (!(typeof other === 'boolean' || (typeof other === 'number' && Number.isInteger(other)))) {
      throw new TypeError(`unsupported operand type(s) for *: ${pyClassRepr(this)} and ${pyClassRepr(other)}`);
    }
    if (Number(other) <= 0) throw new TorchError(`Non-positive multiplication factor ${Number(other)} for ${pyClassRepr(this)}`, 'ValueError');
  }
  /** Python's `self * n` (and `n * self`): a new Sequential repeating the modules n times. */
  mul(other: number): Sequential {
    this.checkFactor(other);
    const out = new Sequential();
    for (let r = 0; r < Number(other); r++) for (const m of this) out.append(m);
    return out;
  }
  /** Python's `self *= n`: repeats the modules '0'..'len-1' in place; returns this. */
  mul_(other: number): this {
    this.checkFactor(other);
    const n = this.length;
    for (let r = 1; r < Number(other); r++) {
      for (let i = 0; i < n; i++) {
        const m = entryAt(this, String(i));
        if (m === undefined) throw keyError(String(i));
        this.add_module(String(i + r * n), m);
      }
    }
    return this;
  }
}

/** A list of sub-modules, registered as '0', '1', ... */
export class ModuleList extends ModuleSequence {
  protected get owner(): string { return 'ModuleList'; }
  constructor(modules: Iterable<Module | null> | null | { modules?: Iterable<Module | null> | null } = null) {
    super();
    // `{ modules: [...] }` is the by-name form; another plain object is a dict (Python iterates its keys).
    const byName = isOptions(modules) && Object.keys(modules).length > 0 && Object.keys(modules).every((k) => k === 'modules');
    const given = byName ? pyBind<[Iterable<Module> | null]>('ModuleList.__init__', [modules], ['modules'], { modules: null })[0] : modules;
    if (given !== null && given !== undefined) this.extend(given as Iterable<any>);
  }
  /** Reads the entry by its key, as Python's `self._modules[str(idx)]` (a missing key is a KeyError). */
  at(idx: number): any {
    const key = this.keyAt(idx);
    const m = entryAt(this, key);
    if (m === undefined) throw keyError(key);
    return m;
  }
  protected keyAt(idx: number): string { return String(absIndex(idx, this.length)); }
  protected sliceBy(s: Slice): ModuleList {
    const items = this.items();
    const cls = Object.getPrototypeOf(this).constructor as new (modules: (Module | null)[]) => ModuleList;
    return new cls(sliceIndices(s, items.length).map((i) => items[i][1]));
  }
  /** Inserts `module` before `index`, by Python's loop (a negative index reaches a missing key: KeyError). */
  insert(...args: [number, Module | null] | [{ index: number; module: Module | null }]): void {
    const [index, module] = pyBind<[number, Module | null]>('ModuleList.insert', args, ['index', 'module']);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    this.shiftInsert(index, module);
  }
  /** Appends every module of `modules` (an iterable); returns this. */
  extend(...args: [Iterable<Module>] | [{ modules: Iterable<Module> }]): this {
    const modules = argOf<Iterable<Module>>('ModuleList.extend', args, 'modules');
    const it = pyIterable(modules);
    if (it === null) throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${typeName(modules)}`);
    const offset = this.length;
    let i = 0;
    for (const m of it) this.add_module(String(offset + i++), m as Module);
    return this;
  }
  /** Python's `self + other`: a new ModuleList of this list's modules and other's (any iterable). */
  add(other: Iterable<Module>): ModuleList {
    const out = new ModuleList();
    for (const m of this) out.append(m);
    for (const m of iterate(other)) out.append(m as Module);
    return out;
  }
  /** Python's `self += modules`: extend; returns this. */
  add_(modules: Iterable<Module>): this { return this.extend(modules); }
  /** PyTorch 2.x's ModuleList repr: a run of equal entries prints once, as `(0-1): 2 x ...`. */
  toString(): string {
    if (!COMPRESSED_LIST_REPR) return super.toString();
    const reprs = this._reprChildren().map(([, m]) => (m === null ? 'None' : String(m)));
    if (reprs.length === 0) return this._get_name() + '()';
    const runs: [number, number, string][] = [];
    reprs.forEach((r, i) => {
      const last = runs[runs.length - 1];
      if (last && last[2] === r) last[1] = i;
      else runs.push([i, i, r]);
    });
    const lines = runs.map(([start, end, r]) => addIndent(start === end ? `(${start}): ${r}` : `(${start}-${end}): ${end - start + 1} x ${r}`, 2));
    return `${this._get_name()}(\n  ${lines.join('\n  ')}\n)`;
  }
}
// Checked against PyTorch 2.14. 2.6's PyTorch compresses too, but the 2.6 suite still compares module
// printing with 1.13's fixtures (test/golden/2.6/ predates them), so 2.6 keeps the plain form for now.
const COMPRESSED_LIST_REPR = forRelease([['1.13', false], ['2.14', true]]);

/** Reads Python's `update` argument: a mapping's items, or an iterable of [key, value] pairs (checked as Python checks them). */
function updateEntries(owner: string, what: string, given: unknown, isMapping: (v: unknown) => [unknown, unknown][] | null): [unknown, unknown][] {
  const mapped = isMapping(given);
  if (mapped !== null) return mapped;
  const it = pyIterable(given);
  if (it === null) throw new TypeError(`${what}.update should be called with an iterable of key/value pairs, but got ${typeName(given)}`);
  const out: [unknown, unknown][] = [];
  let j = 0;
  for (const p of it) {
    const pair = pyIterable(p);
    if (pair === null) throw new TypeError(`${owner} update sequence element #${j} should be Iterable; is${typeName(p)}`);
    const items = [...pair];
    if (items.length !== 2) throw new TorchError(`${owner} update sequence element #${j} has length ${items.length}; 2 is required`, 'ValueError');
    out.push([items[0], items[1]]);
    j++;
  }
  return out;
}

/** `{ name: value }` with exactly the option `name` and a value that is not an entry: the by-name form. */
function byNameArg(given: unknown, name: string, isEntry: (v: unknown) => boolean): boolean {
  return isOptions(given) && Object.keys(given).length === 1 && name in given && !isEntry(given[name]);
}

/** What ModuleDict takes: a plain object (Python's dict), a Map (OrderedDict), a ModuleDict, or [key, module] pairs. */
export type ModuleDictArg = Record<string, Module | null> | Map<string, Module | null> | ModuleDict | Iterable<[string, Module | null]>;

/** Sub-modules by name; `md['fc']` (Python's `md['fc']`) reads one, as do `md.get('fc')` and `md.fc`. */
export class ModuleDict extends ModuleContainer {
  // Entries are heterogeneous (Linear, ReLU, ...): typed loosely so `md['fc'].weight` ports as written.
  [key: string]: any;
  constructor(modules: ModuleDictArg | null | { modules?: ModuleDictArg | null } = null) {
    super();
    const given = byNameArg(modules, 'modules', (v) => v instanceof Module) ? (modules as { modules?: unknown }).modules : modules;
    if (given !== null && given !== undefined) this.update(given as ModuleDictArg);
  }
  /** `md[key] = module` registers (with add_module's checks) when the value is a module or replaces one. */
  _wrapInstance(m: Module): Module {
    return itemProxy(m, {
      set: (d, key, v) => { if (!(v instanceof Module || d.has(key))) return false; d.set(key, v as Module); return true; },
    });
  }
  /** Python's `md[key]`: a missing key is a KeyError. */
  get(key: string): any {
    const m = entryAt(this, key);
    if (m === undefined) throw keyError(key);
    return m;
  }
  /** Python's `md[key] = module`. */
  set(key: string, module: Module | null): void { addEntry(this, key, module); }
  /** Python's `key in md`. */
  has(key: string): boolean { return entryAt(this, key) !== undefined; }
  /** Python's `del md[key]`: a missing key is a KeyError. */
  delete(key: string): void { if (!this.has(key)) throw keyError(key); removeKey(this, key); }
  /** Removes `key` and returns its module. */
  pop(...args: [string] | [{ key: string }]): any {
    const key = argOf<string>('ModuleDict.pop', args, 'key');
    const m = this.get(key);
    this.delete(key);
    return m;
  }
  /** Removes every module. */
  clear(): void { for (const k of this.keys()) removeKey(this, k); }
  keys(): string[] { return this.moduleEntries().map(([k]) => k); }
  values(): any[] { return this.moduleEntries().map(([, m]) => m); }
  items(): [string, any][] { return this.moduleEntries(); }
  get length(): number { return this.keys().length; }
  /** Adds the entries of a plain object, Map, ModuleDict or iterable of [key, module] pairs, in their order. */
  update(modules: ModuleDictArg): void {
    const mapping = (v: unknown): [unknown, unknown][] | null => (v instanceof Map ? [...v.entries()] : v instanceof ModuleDict ? v.items() : isOptions(v) ? Object.entries(v) : null);
    for (const [k, m] of updateEntries('ModuleDict', 'ModuleDict', modules, mapping)) this.set(k as string, m as Module | null);
  }
  [Symbol.iterator](): Iterator<string> { return this.keys()[Symbol.iterator](); }
}


/** PyTorch 1.13's ParameterList (dtype) / ParameterDict (tensor type) extra_repr line for one entry. */
function parameterLine(key: string, p: unknown, typeOf: (t: Tensor) => string): string {
  if (!(p instanceof Tensor)) return `  (${key}): Object of type: ${typeName(p)}`;
  const device = p.is_cuda ? ` (GPU ${p.device.index ?? 0})` : '';
  return `  (${key}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${typeOf(p)} of size ${p.shape.join('x')}${device}]`;
}

/**
 * Python's `setattr(container, key, value)` for an entry of a parameter container: a tensor becomes
 * a Parameter and registers; a slot holding a Parameter takes only a Parameter or null; any other
 * value is a plain attribute.
 */
function assignEntry(c: Module, key: string, value: unknown): void {
  const v = value instanceof Tensor && !(value instanceof Parameter) ? Parameter(value) : value;
  const current = raw(c)[key];
  const desc = Object.getOwnPropertyDescriptor(raw(c), key);
  if (v instanceof Parameter) {
    // Python's __setattr__ drops an instance attribute first; a class attribute (a method, the
    // module's own state) stays and register_parameter refuses the name.
    if (desc?.enumerable && !(current instanceof Parameter)) removeKey(c, key);
    else if (key in raw(c) && current !== undefined && !(desc && (current instanceof Parameter || current === null))) throw keyError(`attribute '${key}' already exists`);
    c.register_parameter(key, v);
  } else if (desc && current instanceof Parameter) {
    if (v !== null) throw new TypeError(`cannot assign '${typeName(v)}' as parameter '${key}' (torch.nn.Parameter or None expected)`);
    c.register_parameter(key, null);
  } else if (v instanceof Module) {
    c.add_module(key, v);
  } else {
    // defineProperty, so that no key (`__proto__` included) reaches a setter.
    Object.defineProperty(c, key, { value: v, writable: true, enumerable: true, configurable: true });
  }
}

/** ParameterList/ParameterDict are not callable: Python's `__call__` raises. */
abstract class ParameterContainer extends Module {
  _call_impl(): never { throw new TorchError(`${this._get_name()} should not be called.`); }
}

/**
 * Values in a list, registered as '0', '1', ...: tensors become Parameters, other values are kept
 * as they are; `pl[0]`, `pl[-1]`, `pl[0] = t`, `pl.at(-1)`, `pl.length`, `for (const p of pl)`.
 */
export class ParameterList extends ParameterContainer {
  [index: number]: any;
  declare _size: number;
  constructor(values: Iterable<unknown> | null | { values?: Iterable<unknown> | null } = null) {
    super();
    hidden(this, '_size', 0);
    const byName = byNameArg(values, 'values', () => false);
    const given = byName ? pyBind<[Iterable<unknown> | null]>('ParameterList.__init__', [values], ['values'], { values: null })[0] : values;
    if (given !== null && given !== undefined) this.extend(given as Iterable<any>);
  }
  _wrapInstance(m: Module): Module {
    return itemProxy(m, { ...listItems, del: (c, key) => { if (!NUMERIC.test(key)) return false; throw new TypeError(`'${c._get_name()}' object doesn't support item deletion`); } });
  }
  get length(): number { return this._size; }
  /** Python's `pl[idx]`. */
  at(idx: number): any { return raw(this)[String(absIndex(idx, this.length))]; }
  /** Python's `pl[idx] = value` (a tensor becomes a Parameter). */
  set(idx: number, value: unknown): void { assignEntry(this, String(absIndex(idx, this.length)), value); }
  /** Python's `pl[start:stop:step]`: a new ParameterList of the same values. */
  slice(start: number | null = null, stop: number | null = null, step: number | null = null): this {
    const out = new (Object.getPrototypeOf(this).constructor as new () => ParameterList)();
    for (const i of sliceIndices({ start, stop, step }, this.length)) out.append(this.at(i));
    return out as this;
  }
  *[Symbol.iterator](): Iterator<any> { for (let i = 0; i < this.length; i++) yield this.at(i); }
  append(...args: [unknown] | [{ value: unknown }]): this {
    const value = argOf<unknown>('ParameterList.append', args, 'value');
    hidden(this, '_size', this._size + 1);
    try {
      this.set(this._size - 1, value);
    } catch (e) {
      hidden(this, '_size', this._size - 1);
      throw e;
    }
    return this;
  }
  extend(...args: [Iterable<unknown>] | [{ values: Iterable<unknown> }]): this {
    const values = argOf<Iterable<unknown>>('ParameterList.extend', args, 'values');
    const it = values instanceof Tensor ? null : pyIterable(values);
    if (it === null) throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${typeName(values)}`);
    for (const v of it) this.append(v);
    return this;
  }
  /** Python's `self += values`: extend; returns this. */
  add_(values: Iterable<unknown>): this { return this.extend(values); }
  extra_repr(): string { return [...this].map((p, k) => parameterLine(String(k), p, (t) => String(t.dtype))).join('\n'); }
}

/**
 * Values by name, in insertion order: tensors become Parameters, other values are kept as they
 * are; `pd['w']` / `pd.w` read one, `pd['w'] = t` sets one, `pd.get('w', default)` as in Python.
 * A plain object argument is Python's dict (its entries are added sorted by key, as PyTorch 1.13
 * does); a Map is an OrderedDict (order kept).
 */
export class ParameterDict extends ParameterContainer {
  [key: string]: any;
  declare _keys: string[];
  constructor(parameters: Record<string, unknown> | Map<string, unknown> | ParameterDict | Iterable<[string, unknown]> | null | { parameters?: Record<string, unknown> | null } = null) {
    super();
    hidden(this, '_keys', []);
    const given = byNameArg(parameters, 'parameters', (v) => v instanceof Tensor) ? (parameters as { parameters?: unknown }).parameters : parameters;
    if (given !== null && given !== undefined) this.update(given as Record<string, unknown>);
  }
  /** `pd[key] = value` for a new key or an entry's key is an item assignment. */
  _wrapInstance(m: Module): Module {
    return itemProxy(m, {
      set: (d, key, v) => { if (key in raw(d) && !d.has(key)) return false; d.set(key, v); return true; },
      del: (d, key) => { if (!d._keys.includes(key)) return false; d.delete(key); return true; },
    });
  }
  private keyToAttr(key: unknown): string {
    if (typeof key !== 'string') {
      throw new TypeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${typeName(key)}'). Open an issue on github if you need non-string keys.`);
    }
    return key;
  }
  /** Python's `pd[key]`: a missing key is an AttributeError. */
  private item(key: string): any {
    const attr = this.keyToAttr(key);
    if (!Object.prototype.hasOwnProperty.call(raw(this), attr)) throw new TorchError(`'${this._get_name()}' object has no attribute '${attr}'`, 'AttributeError');
    return raw(this)[attr];
  }
  /** The value of `key`, or `default` (null) when there is none. */
  get(...args: [string, unknown?] | [{ key: string; default?: unknown }]): any {
    const [key, dflt] = pyBind<[string, unknown]>('ParameterDict.get', args, ['key', 'default'], { default: null });
    return this.has(key) ? this.item(key) : dflt;
  }
  /** Python's `pd[key] = value` (a tensor becomes a Parameter). */
  set(key: string, value: unknown): void {
    const attr = this.keyToAttr(key);
    assignEntry(this, attr, value);
    if (!this._keys.includes(attr)) this._keys.push(attr);
  }
  /** Python's `key in pd`. */
  has(key: string): boolean { return (this._keys ?? []).includes(key); }
  /** Python's `del pd[key]`: a missing key is a KeyError. */
  delete(key: string): void {
    const i = this._keys.indexOf(key);
    if (i < 0) throw keyError(key);
    this._keys.splice(i, 1);
    removeKey(this, this.keyToAttr(key));
  }
  /** Removes `key` and returns its value. */
  pop(...args: [string] | [{ key: string }]): any {
    const key = argOf<string>('ParameterDict.pop', args, 'key');
    const v = this.item(key);
    this.delete(key);
    return v;
  }
  /** Removes the last inserted entry and returns it as [key, value]. */
  popitem(): [string, any] {
    const key = this._keys[this._keys.length - 1];
    if (key === undefined) throw keyError('popitem(): dictionary is empty');
    const v = this.item(key);
    this.delete(key);
    return [key, v];
  }
  /** The value of `key`; when there is none, sets it to `default` (null) first. */
  setdefault(...args: [string, unknown?] | [{ key: string; default?: unknown }]): any {
    const [key, dflt] = pyBind<[string, unknown]>('ParameterDict.setdefault', args, ['key', 'default'], { default: null });
    if (!this.has(key)) this.set(key, dflt);
    return this.item(key);
  }
  clear(): void { for (const k of [...this._keys]) this.delete(k); }
  /** A new ParameterDict holding the same values. */
  copy(): ParameterDict { return new ParameterDict(new Map(this.items())); }
  /** A new ParameterDict with `keys`, each set to `default` (null). */
  fromkeys(...args: [Iterable<string>, unknown?] | [{ keys: Iterable<string>; default?: unknown }]): ParameterDict {
    const [keys, dflt] = pyBind<[Iterable<string>, unknown]>('ParameterDict.fromkeys', args, ['keys', 'default'], { default: null });
    return new ParameterDict([...iterate(keys)].map((k) => [k, dflt] as [string, unknown]));
  }
  keys(): string[] { return [...this._keys]; }
  values(): any[] { return this._keys.map((k) => this.item(k)); }
  items(): [string, any][] { return this._keys.map((k) => [k, this.item(k)]); }
  get length(): number { return this._keys.length; }
  /**
   * Adds the entries of a Map or ParameterDict (in their order), a plain object (sorted by key, as
   * PyTorch 1.13 adds a dict's), or an iterable of [key, value] pairs.
   */
  update(parameters: Record<string, unknown> | Map<string, unknown> | ParameterDict | Iterable<[string, unknown]>): void {
    const mapping = (v: unknown): [unknown, unknown][] | null => (v instanceof Map ? [...v.entries()] : v instanceof ParameterDict ? v.items()
      : isOptions(v) ? Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : null);
    for (const [k, p] of updateEntries('ParameterDict', 'ParametersDict', parameters, mapping)) this.set(k as string, p);
  }
  /** Python's `self | other`: a copy updated with other's entries. */
  or(other: ParameterDict | Map<string, unknown> | Record<string, unknown>): ParameterDict { const out = this.copy(); out.update(other); return out; }
  /** Python's `self |= other`: update; returns this. */
  or_(other: ParameterDict | Map<string, unknown> | Record<string, unknown>): this { this.update(other); return this; }
  [Symbol.iterator](): Iterator<string> { return this.keys()[Symbol.iterator](); }
  extra_repr(): string { return this.items().map(([k, p]) => parameterLine(k, p, (t) => t.type())).join('\n'); }
}

const CONTAINERS = new Set<unknown>([Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict]);
