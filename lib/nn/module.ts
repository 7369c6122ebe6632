// nn.Module: the base of every layer. Instances are callable functions (`model(x)` runs forward
// through the hooks, like Python's __call__). Parameters, buffers and sub-modules are the
// instance's own properties, found in assignment order, so `this.fc = nn.Linear(...)` registers.
import { inspect } from 'util';
import { Tensor } from '../tensor';
import { dtype, float32, float64, float16, bfloat16 } from '../dtype';
import { DeviceLike } from '../device';
import { no_grad } from '../autograd';
import { TorchError } from '../errors';
import { Parameter } from './parameter';

// Set by lib/copy.ts (which imports this file) to avoid a module cycle.
let deepcopyModule: (m: Module) => Module = () => { throw new Error('torchts: copy module not loaded'); };
export function setDeepcopy(fn: (m: Module) => Module): void { deepcopyModule = fn; }

export interface RemovableHandle { remove(): void; readonly id: number }
export type ForwardHook = (module: Module, input: unknown[], output: unknown) => unknown;
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown;
export type StateDict = Record<string, Tensor>;

let nextHookId = 0;

function hidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

/** PyTorch's _addindent: indents every line after the first. */
function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(n) + l)].join('\n');
}

export interface Module {
  /** `model(x)`: runs forward-pre hooks, forward, forward hooks. */
  (...input: any[]): any;
}

export class Module {
  training!: boolean;
  declare _forward_hooks: Map<number, ForwardHook>;
  declare _forward_pre_hooks: Map<number, ForwardPreHook>;
  declare _buffer_names: Set<string>;
  declare _non_persistent_buffers: Set<string>;

  constructor() {
    return Module._blank(new.target.prototype);
  }

  /** A callable instance with `proto` and empty module state, without running any constructor. */
  static _blank(proto: object): Module {
    const self = function (...input: unknown[]): unknown {
      return (self as unknown as Module)._call_impl(...input);
    } as unknown as Module;
    // A function's own `name`/`length` are read-only; modules may want those attribute names.
    delete (self as any).name;
    delete (self as any).length;
    Object.setPrototypeOf(self, proto);
    hidden(self, 'training', true);
    hidden(self, '_forward_hooks', new Map());
    hidden(self, '_forward_pre_hooks', new Map());
    hidden(self, '_buffer_names', new Set());
    hidden(self, '_non_persistent_buffers', new Set());
    return self;
  }

  forward(..._input: any[]): any {
    throw new TorchError(`Module [${this._get_name()}] is missing the required "forward" function`, 'NotImplementedError');
  }

  _call_impl(...input: unknown[]): unknown {
    for (const hook of this._forward_pre_hooks.values()) {
      const r = hook(this, input);
      if (r !== undefined) input = Array.isArray(r) ? r : [r];
    }
    let output = this.forward(...input);
    for (const hook of this._forward_hooks.values()) {
      const r = hook(this, input, output);
      if (r !== undefined) output = r;
    }
    return output;
  }

  register_forward_hook(hook: ForwardHook): RemovableHandle {
    const id = nextHookId++;
    this._forward_hooks.set(id, hook);
    return { id, remove: () => { this._forward_hooks.delete(id); } };
  }
  register_forward_pre_hook(hook: ForwardPreHook): RemovableHandle {
    const id = nextHookId++;
    this._forward_pre_hooks.set(id, hook);
    return { id, remove: () => { this._forward_pre_hooks.delete(id); } };
  }

  // ---- registration ------------------------------------------------------------------------
  private checkName(name: string, kind: string): void {
    if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${typeof name}`);
    if (name.includes('.')) throw new TorchError(`${kind} name can't contain "."`, 'KeyError');
    if (name === '') throw new TorchError(`${kind} name can't be empty string ""`, 'KeyError');
  }
  register_parameter(name: string, param: Parameter | null): void {
    this.checkName(name, 'parameter');
    if (param !== null && !(param instanceof Parameter)) throw new TypeError(`cannot assign '${(param as any)?.constructor?.name}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    (this as any)[name] = param;
  }
  register_buffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } | boolean = true): void {
    this.checkName(name, 'buffer');
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TypeError(`cannot assign '${(tensor as any)?.constructor?.name}' object to buffer '${name}' (torch Tensor or None required)`);
    const persistent = typeof options === 'boolean' ? options : options.persistent ?? true;
    this._buffer_names.add(name);
    if (persistent) this._non_persistent_buffers.delete(name); else this._non_persistent_buffers.add(name);
    (this as any)[name] = tensor;
  }
  register_module(name: string, module: Module | null): void { this.add_module(name, module); }
  add_module(name: string, module: Module | null): void {
    this.checkName(name, 'module');
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${(module as any)?.constructor?.name} is not a Module subclass`);
    (this as any)[name] = module;
  }

  /** Own entries in assignment order: [name, value] for parameters, buffers or sub-modules. */
  protected ownEntries(kind: 'parameter' | 'buffer' | 'module'): [string, any][] {
    const out: [string, any][] = [];
    for (const key of Object.keys(this)) {
      const v = (this as any)[key];
      const match = kind === 'parameter' ? v instanceof Parameter
        : kind === 'buffer' ? this._buffer_names.has(key) && v instanceof Tensor
        : v instanceof Module;
      if (match) out.push([key, v]);
    }
    return out;
  }

  // ---- traversal ---------------------------------------------------------------------------
  *named_modules(memo: Set<Module> = new Set(), prefix = '', remove_duplicate = true): Generator<[string, Module]> {
    if (remove_duplicate) {
      if (memo.has(this)) return;
      memo.add(this);
    }
    yield [prefix, this];
    for (const [name, m] of this.ownEntries('module')) {
      yield* (m as Module).named_modules(memo, prefix ? `${prefix}.${name}` : name, remove_duplicate);
    }
  }
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }
  *named_children(): Generator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of this.ownEntries('module')) if (!seen.has(m)) { seen.add(m); yield [name, m]; }
  }
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }

  private *namedMembers(kind: 'parameter' | 'buffer', prefix: string, recurse: boolean): Generator<[string, any]> {
    const seen = new Set<unknown>();
    const modules: Iterable<[string, Module]> = recurse ? this.named_modules(new Set(), prefix) : [[prefix, this]];
    for (const [modPrefix, m] of modules) {
      for (const [name, v] of m.ownEntries(kind)) {
        if (seen.has(v)) continue;
        seen.add(v);
        yield [modPrefix ? `${modPrefix}.${name}` : name, v];
      }
    }
  }
  named_parameters(options: { prefix?: string; recurse?: boolean } | string = {}, recurse = true): Generator<[string, Parameter]> {
    const o = typeof options === 'string' ? { prefix: options, recurse } : options;
    return this.namedMembers('parameter', o.prefix ?? '', o.recurse ?? true);
  }
  *parameters(recurse: boolean | { recurse?: boolean } = true): Generator<Parameter> {
    const r = typeof recurse === 'boolean' ? recurse : recurse.recurse ?? true;
    for (const [, p] of this.named_parameters({ recurse: r })) yield p;
  }
  named_buffers(options: { prefix?: string; recurse?: boolean } | string = {}, recurse = true): Generator<[string, Tensor]> {
    const o = typeof options === 'string' ? { prefix: options, recurse } : options;
    return this.namedMembers('buffer', o.prefix ?? '', o.recurse ?? true);
  }
  *buffers(recurse = true): Generator<Tensor> { for (const [, b] of this.named_buffers({ recurse })) yield b; }

  get_submodule(target: string): Module {
    if (target === '') return this;
    let m: Module = this;
    for (const item of target.split('.')) {
      const next = (m as any)[item];
      if (!(next instanceof Module)) throw new TorchError(`${m._get_name()} has no attribute \`${item}\``, 'AttributeError');
      m = next;
    }
    return m;
  }
  get_parameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const p = (mod as any)[target.slice(i + 1)];
    if (!(p instanceof Parameter)) throw new TorchError(`\`${target.slice(i + 1)}\` is not an nn.Parameter`, 'AttributeError');
    return p;
  }

  /** Calls fn on every sub-module (children first) and on this module; returns this. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  eval(): this { return this.train(false); }

  requires_grad_(requires_grad = true): this {
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = true): void {
    const toNone = typeof set_to_none === 'boolean' ? set_to_none : set_to_none.set_to_none ?? true;
    for (const p of this.parameters()) {
      const g = p.grad;
      if (!g) continue;
      if (toNone) p.grad = null;
      else {
        if (g.grad_fn) g.detach_(); else g.requires_grad_(false);
        g.zero_();
      }
    }
  }

  // ---- devices and dtypes ------------------------------------------------------------------
  /** Applies fn to every parameter (in place, keeping the Parameter objects) and buffer. */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    no_grad(() => {
      for (const [name, p] of this.ownEntries('parameter')) {
        const param = p as Parameter;
        const moved = fn(param);
        if (moved !== param) param.data = moved;
        const g = param.grad;
        if (g) { const mg = fn(g); if (mg !== g) param.grad = mg; }
        void name;
      }
      for (const [name, b] of this.ownEntries('buffer')) (this as any)[name] = fn(b);
    });
    return this;
  }
  to(target: DeviceLike | dtype | Tensor | { device?: DeviceLike; dtype?: dtype }, dt?: dtype): this {
    return this._apply((t) => {
      const floating = t.is_floating_point();
      if (target instanceof dtype) return floating ? t.to(target) : t;
      if (target instanceof Tensor) return t.to(floating ? { device: target.device, dtype: target.dtype } : { device: target.device });
      if (typeof target === 'object' && !(target as any).type) {
        const o = target as { device?: DeviceLike; dtype?: dtype };
        return t.to({ device: o.device, dtype: floating ? o.dtype : undefined });
      }
      return t.to({ device: target as DeviceLike, dtype: floating ? dt : undefined });
    });
  }
  cuda(device: DeviceLike = 'cuda'): this { return this.to(typeof device === 'number' ? `cuda:${device}` : device); }
  cpu(): this { return this.to('cpu'); }
  float(): this { return this.to(float32); }
  double(): this { return this.to(float64); }
  half(): this { return this.to(float16); }
  bfloat16(): this { return this.to(bfloat16); }
  type(dst_type: dtype): this { return this._apply((t) => t.to(dst_type)); }

  // ---- state_dict --------------------------------------------------------------------------
  state_dict(options: { prefix?: string; keep_vars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const prefix = options.prefix ?? '';
    const visit = (m: Module, pre: string) => {
      for (const [name, p] of m.ownEntries('parameter')) out[pre + name] = options.keep_vars ? p : p.detach();
      for (const [name, b] of m.ownEntries('buffer')) if (!m._non_persistent_buffers.has(name)) out[pre + name] = options.keep_vars ? b : b.detach();
      for (const [name, child] of m.ownEntries('module')) visit(child, `${pre}${name}.`);
    };
    visit(this, prefix);
    return out;
  }
  load_state_dict(state_dict: StateDict, strict: boolean | { strict?: boolean } = true): { missing_keys: string[]; unexpected_keys: string[] } {
    const isStrict = typeof strict === 'boolean' ? strict : strict.strict ?? true;
    const own = this.state_dict({ keep_vars: true });
    const missing = Object.keys(own).filter((k) => !(k in state_dict));
    const unexpected = Object.keys(state_dict).filter((k) => !(k in own));
    const errors: string[] = [];
    for (const [key, target] of Object.entries(own)) {
      const src = state_dict[key];
      if (!src) continue;
      if (!(src instanceof Tensor)) { errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof src}`); continue; }
      const a = src.shape, b = target.shape;
      if (a.length !== b.length || a.some((s, i) => s !== b[i])) {
        errors.push(`size mismatch for ${key}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${b.join(', ')}]).`);
        continue;
      }
      no_grad(() => target.copy_(src));
    }
    if (isStrict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length) throw new TorchError(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${errors.join('\n\t')}`);
    return { missing_keys: missing, unexpected_keys: unexpected };
  }

  /** A deep copy (same as torch.deepcopy(module)). */
  clone(): this { return deepcopyModule(this) as this; }

  // ---- printing ----------------------------------------------------------------------------
  _get_name(): string { return Object.getPrototypeOf(this).constructor.name; }
  /** The text inside the parentheses of the printed form. */
  extra_repr(): string { return ''; }
  toString(): string {
    const extra = this.extra_repr();
    const lines = extra ? extra.split('\n') : [];
    for (const [name, m] of this.ownEntries('module')) lines.push(`(${name}): ${addIndent(String(m), 2)}`);
    const head = this._get_name() + '(';
    if (lines.length === 0) return head + ')';
    if (lines.length === 1 && this.ownEntries('module').length === 0) return head + lines[0] + ')';
    return head + '\n  ' + lines.join('\n  ') + '\n)';
  }
  [inspect.custom](): string { return this.toString(); }
}
