// torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad and state_dict. The
// update math lives in native/optim.cc: `step()` is one native call per param group.
import { inspect } from 'util';
import { z } from 'zod';
import { bindArgs, bindNamed, signature } from '../python/binder';
import { Check, typed } from '../python/check';
import { isOptions } from '../python/options';
import { floatRepr, pyStr } from '../python/repr';
import { Tensor } from '../tensor';
import { native } from '../native';
import { TorchError, checkArgs } from '../errors';
import { enable_grad } from '../autograd';
import { forRelease } from '../release';
import type { OptimizerKind } from './kinds';
import { boxFloatDefaults, pythonDefaults } from './defaults_layout';
import { copyFloats, isPythonFloat } from '../python/float_marks';

export { forRelease };

/** One parameter group: its tensors plus every hyper-parameter (group values override defaults). */
export interface ParamGroup {
  params: Tensor[];
  lr: number;
  [option: string]: any;
}
/** What the constructor and add_param_group take: `params` may be one tensor or any iterable. */
export interface ParamGroupInput {
  params: Tensor | Iterable<Tensor>;
  [option: string]: any;
}
export type ParamsInput = Iterable<Tensor> | Iterable<ParamGroupInput>;
/** Every argument by name, Python's `SGD(params=model.parameters(), lr=0.1)`. */
export type OptimizerKwargs = { params: ParamsInput; [option: string]: any };

/**
 * `Optimizer(params, ...)` or `Optimizer({ params, ...options })`: the parameters and the
 * remaining arguments, whichever way they were given.
 */
export function takeParams(params: ParamsInput | OptimizerKwargs, args: unknown[]): [ParamsInput, unknown[]] {
  if (isOptions(params) && 'params' in params) {
    if (args.length > 0) throw new TypeError("got multiple values for argument 'params'");
    const { params: ps, ...rest } = params as OptimizerKwargs;
    return [ps, [rest]];
  }
  return [params as ParamsInput, args];
}
/** State of one parameter, e.g. `{ step, exp_avg, exp_avg_sq }` for Adam. */
export type ParamState = Record<string, any>;
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Record<string, any>[];
}

// PyTorch 2 changed zero_grad's default to set_to_none=True; follow the LibTorch we run on.
const libtorchMajor = Number(String(native.version()).split('.')[0]);
export const ZERO_GRAD_SET_TO_NONE_DEFAULT = libtorchMajor >= 2;

export class Optimizer {
  defaults: Record<string, any>;
  /** Per-parameter state, like Python's `optimizer.state[p]` (here `optimizer.state.get(p)`). */
  state: Map<Tensor, ParamState> = new Map();
  param_groups: ParamGroup[] = [];
  /** Set by subclasses: which native update runs (it reads the group's hyper-parameters by name). */
  protected kind: OptimizerKind | null = null;
  /** PyTorch 1.x's SGD has no default lr. */
  static readonly libtorchMajor = libtorchMajor;

  constructor(params: ParamsInput, defaults: Record<string, any>) {
    this.defaults = defaults;
    if (params instanceof Tensor)
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.${params.constructor.name === 'Parameter' ? 'nn.parameter.Parameter' : 'Tensor'}`);
    if (params === null || typeof (params as any)?.[Symbol.iterator] !== 'function')
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeof params}`);
    let groups: any[] = Array.from(params as Iterable<any>);
    if (groups.length === 0) throw new TorchError('optimizer got an empty parameter list', 'ValueError');
    if (!isOptions(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.add_param_group(g);
  }

  /** Adds a group (e.g. layers unfrozen during fine-tuning); missing options take the defaults. */
  add_param_group(param_group: ParamGroupInput): void {
    if (!isOptions(param_group)) throw new TypeError('param group must be a dict');
    const group: Record<string, any> = { ...param_group };
    copyFloats(param_group, group);
    const ps = group.params;
    if (ps instanceof Tensor) group.params = [ps];
    else if (ps instanceof Set) throw new TypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
    else if (ps !== null && typeof ps?.[Symbol.iterator] === 'function') group.params = Array.from(ps);
    else throw new TypeError(`optimizer parameters must be an iterable of Tensors, got ${typeof ps}`);
    for (const p of group.params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${p === null ? 'None' : typeof p}`);
      if (!this.defaults.differentiable && !(p.is_leaf || p.retains_grad)) throw new TorchError("can't optimize a non-leaf Tensor", 'ValueError');
    }
    const filled: string[] = [];
    for (const [name, value] of Object.entries(this.defaults)) {
      if (value === REQUIRED && !(name in group))
        throw new TorchError(`parameter group didn't specify a value of required optimization parameter ${name}`, 'ValueError');
      if (!(name in group)) { group[name] = Array.isArray(value) ? [...value] : value; filled.push(name); }
    }
    copyFloats(this.defaults, group, filled);
    this.validateGroup(group);
    const seen = new Set<Tensor>();
    for (const g of this.param_groups) for (const p of g.params) seen.add(p);
    if (group.params.some((p: Tensor) => seen.has(p))) throw new TorchError('some parameters appear in more than one parameter group', 'ValueError');
    this.param_groups.push(group as ParamGroup);
    this.initGroupState(group as ParamGroup);
  }

  /** Checks a group's hyper-parameters (PyTorch checks the constructor's; we check every group). */
  protected validateGroup(_group: Record<string, any>): void {}
  /** Eager state (Adagrad creates its accumulators in the constructor). */
  protected initGroupState(_group: ParamGroup): void {}

  /**
   * One optimization step over every group (one native call per group). `closure`, when given,
   * re-evaluates the model with gradients enabled and its value is returned.
   */
  step(closure?: (() => any) | null): any {
    let loss: any = null;
    if (closure) loss = enable_grad(closure);
    if (this.kind === null) throw new TorchError(`${this.constructor.name}.step() is not implemented`, 'NotImplementedError');
    for (const group of this.param_groups) {
      const states = group.params.map((p) => this.stateOf(p));
      native.optimizerStep(this.kind, group.params, states, group);
    }
    this.pruneEmptyState();
    return loss;
  }

  /** Sets every gradient to zero, or to null with `set_to_none` (PyTorch 2's default). */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = ZERO_GRAD_SET_TO_NONE_DEFAULT): void {
    const [toNone] = bindArgs<[boolean]>([set_to_none], ['set_to_none'], { set_to_none: ZERO_GRAD_SET_TO_NONE_DEFAULT }, 'zero_grad');
    for (const group of this.param_groups) native.zeroGrads(group.params, !!toNone);
  }

  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) { s = {}; this.state.set(p, s); }
    return s;
  }
  // Python's defaultdict only gains entries for parameters that had a gradient.
  private pruneEmptyState(): void {
    for (const [p, s] of this.state) if (Object.keys(s).length === 0) this.state.delete(p);
  }

  /** `{state, param_groups}` with parameters replaced by their index, as PyTorch packs it. */
  state_dict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const param_groups = this.param_groups.map((g) => {
      const packed: Record<string, any> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      copyFloats(g, packed);
      packed.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, next++);
        return index.get(p)!;
      });
      return packed;
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, param_groups };
  }

  /** Restores state saved by state_dict(): tensors are copied (cast to the parameter's dtype and device). */
  load_state_dict(state_dict: OptimizerStateDict): void {
    checkArgs(z.object({ state: z.record(z.string(), z.any()), param_groups: z.array(z.any()) }), state_dict, 'load_state_dict');
    const saved = state_dict.param_groups;
    if (saved.length !== this.param_groups.length) throw new TorchError('loaded state dict has a different number of parameter groups', 'ValueError');
    if (saved.some((g, i) => g.params.length !== this.param_groups[i].params.length))
      throw new TorchError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group", 'ValueError');
    const idMap = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id: number, k: number) => idMap.set(id, this.param_groups[i].params[k])));
    const cast = (param: Tensor, key: string, value: any): any => {
      if (value instanceof Tensor) {
        let v = value.detach().clone();
        if (key !== 'step') {
          if (param.is_floating_point()) v = v.to(param.dtype);
          v = v.to(param.device);
        }
        return v;
      }
      return Array.isArray(value) ? value.map((x) => cast(param, '', x)) : value;
    };
    this.state = new Map();
    for (const [k, s] of Object.entries(state_dict.state)) {
      const param = idMap.get(Number(k));
      if (param === undefined) continue;
      const rec: ParamState = {};
      for (const [key, v] of Object.entries(s as ParamState)) rec[key] = cast(param, key, v);
      this.state.set(param, rec);
    }
    this.param_groups = saved.map((g, i) => {
      const group: Record<string, any> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') group[k] = Array.isArray(v) ? [...v] : v;
      copyFloats(g, group);
      group.params = this.param_groups[i].params;
      return group as ParamGroup;
    });
  }

  /** PyTorch's repr: `SGD (\nParameter Group 0\n    dampening: 0\n ...)`. */
  toString(): string {
    let s = `${this.constructor.name} (`;
    this.param_groups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(g).sort()) if (key !== 'params') s += `    ${key}: ${isPythonFloat(g, key) ? floatRepr(g[key]) : pyStr(g[key], 'tuple')}\n`;
    });
    return s + ')';
  }
  [inspect.custom](): string { return this.toString(); }

}

/** Marks an option without a default (SGD's `lr` before PyTorch 2). */
export const REQUIRED: unique symbol = Symbol('required');

const finite = typed<number>('number', (v) => typeof v === 'number' && Number.isFinite(v));
const boolean = typed<boolean>('boolean', (v) => typeof v === 'boolean');
const pair = typed<[number, number]>('tuple', (v) => Array.isArray(v) && v.length === 2 && v.every((x) => finite.test(x)));
/** The check of an option, from the type of its default. */
function checkFor(value: unknown): Check<unknown, boolean> {
  if (value === REQUIRED || typeof value === 'number') return finite;
  if (typeof value === 'boolean') return boolean;
  if (Array.isArray(value)) return pair;
  return boolean.nullable();  // foreach: None | bool
}

/**
 * Binds a constructor's arguments after `params` the Python way: `positional` options in PyTorch's
 * order, then one trailing options object that may name any of them or the keyword-only ones. Each
 * option is checked against the type of its default unless `checks` says otherwise.
 */
export function bindOptions(fn: string, args: unknown[], positional: Record<string, unknown>, keywordOnly: Record<string, unknown>, checks: Record<string, Check<any, boolean>> = {}): Record<string, any> {
  const defaults = { ...positional, ...keywordOnly };
  const all: Record<string, Check<unknown, boolean>> = {};
  for (const [k, v] of Object.entries(defaults)) all[k] = checks[k] ?? checkFor(v);
  const bound = bindNamed(signature(fn, Object.keys(positional), boxFloatDefaults(fn, defaults), { kwonly: Object.keys(keywordOnly), implicit: 2, checks: all }), args);
  return pythonDefaults(fn, bound);
}

/** Raises PyTorch's ValueError for the first failed range check. */
export function checkRanges(checks: [boolean, string][]): void {
  for (const [ok, message] of checks) if (!ok) throw new TorchError(message, 'ValueError');
}
/** Python's str() of a number, as PyTorch's messages print it. */
export const pyNumber = (v: unknown): string => pyStr(v, 'tuple');
/** The usual lr / eps / betas / weight_decay checks, with PyTorch's messages. */
export function adamStyleChecks(o: Record<string, any>): [boolean, string][] {
  return [
    [o.lr === REQUIRED || o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
    [o.eps >= 0, `Invalid epsilon value: ${pyNumber(o.eps)}`],
    [o.betas[0] >= 0 && o.betas[0] < 1, `Invalid beta parameter at index 0: ${pyNumber(o.betas[0])}`],
    [o.betas[1] >= 0 && o.betas[1] < 1, `Invalid beta parameter at index 1: ${pyNumber(o.betas[1])}`],
    [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
  ];
}
