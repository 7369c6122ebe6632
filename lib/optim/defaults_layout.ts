// How PyTorch lays out each optimizer's `defaults` dict, which every param group and state_dict()
// copies: the key order of its `dict(...)` call (not the signature's) and the defaults that are
// Python floats with whole values (Adadelta's lr=1.0, ASGD's t0=1e6), which print as `1.0` while
// the same number passed by the caller is a Python int (porting rule 10) and prints as `1`.
import { forRelease } from '../release';
import { markFloats } from '../python/float_marks';

interface Layout {
  /** The keys of PyTorch's `defaults = dict(...)`, in order; keys it lacks keep their place after them. */
  order: string;
  /** Defaults that are Python floats though whole numbers. */
  floats?: string;
}

// From `list(opt.defaults)` under PyTorch 1.13, 2.6 and 2.14.
const LAYOUTS: Record<string, [string, Layout][]> = {
  SGD: [['1.13', { order: 'lr momentum dampening weight_decay nesterov maximize foreach differentiable fused' }]],
  Adam: [['1.13', { order: 'lr betas eps weight_decay amsgrad maximize foreach capturable differentiable fused decoupled_weight_decay' }]],
  AdamW: [['1.13', { order: 'lr betas eps weight_decay amsgrad foreach maximize capturable differentiable fused' }],
    ['2.14', { order: 'lr betas eps weight_decay amsgrad maximize foreach capturable differentiable fused decoupled_weight_decay' }]],
  Adadelta: [['1.13', { order: 'lr rho eps weight_decay maximize foreach', floats: 'lr' }],
    ['2.6', { order: 'lr rho eps weight_decay maximize capturable foreach differentiable', floats: 'lr' }]],
  Adagrad: [['1.13', { order: 'lr lr_decay eps weight_decay initial_accumulator_value foreach maximize differentiable fused' }]],
  Adamax: [['1.13', { order: 'lr betas eps weight_decay foreach maximize differentiable capturable' }]],
  ASGD: [['1.13', { order: 'lr lambd alpha t0 weight_decay foreach maximize differentiable capturable', floats: 't0' }]],
  NAdam: [['1.13', { order: 'lr betas eps weight_decay momentum_decay foreach' }],
    ['2.6', { order: 'lr betas eps weight_decay momentum_decay decoupled_weight_decay maximize foreach capturable differentiable' }]],
  RAdam: [['1.13', { order: 'lr betas eps weight_decay foreach' }],
    ['2.6', { order: 'lr betas eps weight_decay maximize foreach capturable decoupled_weight_decay differentiable' }]],
  RMSprop: [['1.13', { order: 'lr momentum alpha eps centered weight_decay foreach maximize differentiable' }],
    ['2.6', { order: 'lr momentum alpha eps centered weight_decay capturable foreach maximize differentiable' }]],
  Rprop: [['1.13', { order: 'lr etas step_sizes foreach maximize differentiable capturable' }]],
  LBFGS: [['1.13', { order: 'lr max_iter max_eval tolerance_grad tolerance_change history_size line_search_fn maximize' }]],
  SparseAdam: [['1.13', { order: 'lr betas eps maximize' }]],
};

/** A float default while binding: the binder hands back this very object when the caller left the option out. */
class FloatDefault {
  constructor(readonly value: number) {}
}

/** `defaults` with the optimizer's whole-number float defaults boxed, so binding tells them from the caller's numbers. */
export function boxFloatDefaults(fn: string, defaults: Record<string, unknown>): Record<string, unknown> {
  const floats = layoutOf(fn)?.floats?.split(' ') ?? [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults)) out[k] = floats.includes(k) && typeof v === 'number' ? new FloatDefault(v) : v;
  return out;
}

/** The bound options in PyTorch's defaults-dict order, float defaults unboxed and marked as Python floats. */
export function pythonDefaults(fn: string, bound: Record<string, unknown>): Record<string, any> {
  const order = layoutOf(fn)?.order.split(' ') ?? [];
  const keys = [...order.filter((k) => k in bound), ...Object.keys(bound).filter((k) => !order.includes(k))];
  const out: Record<string, any> = {};
  const floats = new Map<string, number>();
  for (const k of keys) {
    const v = bound[k];
    if (v instanceof FloatDefault) floats.set(k, v.value);
    out[k] = v instanceof FloatDefault ? v.value : v;
  }
  if (floats.size > 0) markFloats(out, floats);
  return out;
}

function layoutOf(fn: string): Layout | undefined {
  const table = LAYOUTS[fn];
  return table === undefined ? undefined : forRelease(table);
}
