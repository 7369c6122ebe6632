// copy.deepcopy(x) -> torch.deepcopy(x): modules get new parameter storage with the same values,
// and keep their hooks, buffers, flags and sub-module sharing structure.
import { Tensor } from './tensor';
import { no_grad } from './autograd';
import { Module, setDeepcopy } from './nn/module';
import { Parameter, isUninitialized } from './nn/parameter';

function copyTensor(t: Tensor): Tensor {
  // A Lazy* module's placeholder copies as a new placeholder, as PyTorch's __deepcopy__ does.
  if (isUninitialized(t)) return (Object.getPrototypeOf(t).constructor as (...a: unknown[]) => Tensor)(t.requires_grad, t.device, t.dtype);
  const data = no_grad(() => t.detach().clone());
  if (t instanceof Parameter) return Parameter(data, t.requires_grad);
  if (t.requires_grad && t.is_leaf) data.requires_grad_(true);
  return data;
}

function copyValue(value: unknown, memo: Map<unknown, unknown>): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (memo.has(value)) return memo.get(value);
  if (value instanceof Tensor) {
    const t = copyTensor(value);
    memo.set(value, t);
    return t;
  }
  // Python's protocol: an object that knows how to copy itself (a TorchScript module) does so.
  if (typeof (value as { __deepcopy__?: unknown }).__deepcopy__ === 'function') {
    const copied = (value as { __deepcopy__(memo: Map<unknown, unknown>): unknown }).__deepcopy__(memo);
    memo.set(value, copied);
    return copied;
  }
  if (value instanceof Module) {
    const m = Module._blank(Object.getPrototypeOf(value));
    memo.set(value, m);
    const src = value as any, dst = m as any;
    dst.training = src.training;
    dst._forward_hooks = new Map(src._forward_hooks);
    dst._forward_hooks_with_kwargs = new Set(src._forward_hooks_with_kwargs);
    dst._forward_hooks_always_called = new Set(src._forward_hooks_always_called);
    dst._forward_pre_hooks = new Map(src._forward_pre_hooks);
    dst._forward_pre_hooks_with_kwargs = new Set(src._forward_pre_hooks_with_kwargs);
    dst._backward_hooks = new Map(src._backward_hooks);
    dst._backward_pre_hooks = new Map(src._backward_pre_hooks);
    dst._is_full_backward_hook = src._is_full_backward_hook;
    dst._state_dict_hooks = new Map(src._state_dict_hooks);
    dst._state_dict_pre_hooks = new Map(src._state_dict_pre_hooks);
    dst._load_state_dict_pre_hooks = new Map(src._load_state_dict_pre_hooks);
    dst._load_state_dict_post_hooks = new Map(src._load_state_dict_post_hooks);
    dst._buffer_names = new Set(src._buffer_names);
    dst._non_persistent_buffers_set = new Set(src._non_persistent_buffers_set);
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key)!;
      if (key === 'prototype' || key in dst && !desc.enumerable) continue;
      if ('value' in desc) desc.value = copyValue(desc.value, memo);
      Object.defineProperty(m, key, desc);
    }
    return m;
  }
  if (typeof value === 'function') return value;  // functions are shared, as Python's deepcopy does
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(copyValue(v, memo));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(copyValue(k, memo), copyValue(v, memo));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    memo.set(value, out);
    for (const v of value) out.add(copyValue(v, memo));
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(value));
  memo.set(value, out);
  for (const key of Reflect.ownKeys(value)) {
    const desc = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in desc) desc.value = copyValue(desc.value, memo);
    Object.defineProperty(out, key, desc);
  }
  return out;
}

/** Python's `copy.deepcopy`: tensors and modules get their own storage; shared references stay shared. */
export function deepcopy<T>(value: T): T {
  return copyValue(value, new Map()) as T;
}

setDeepcopy((m) => deepcopy(m));
