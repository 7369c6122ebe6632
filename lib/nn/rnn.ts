// RNN, LSTM, GRU and their cells (PyTorch's rnn.py). A layer stack runs as one call into ATen's
// fused kernels (aten::lstm, gru, rnn_tanh, rnn_relu; cuDNN where LibTorch has it), a cell as one
// call into aten::lstm_cell & co.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { empty, zeros } from '../creation';
import { dtype, float16, float32, float64 } from '../dtype';
import { no_grad } from '../autograd';
import { DeviceLike } from '../device';
import { callAten } from '../ops/dispatch';
import { isOptions } from '../python/options';
import { Module } from './module';
import { Parameter } from './parameter';
import { FactoryParams, FACTORY_DEFAULTS, factory } from './linear';
import { pyBind, bind } from '../python/binder';
import { floatRepr } from '../python/repr';
import * as init from './init';
import { PackedSequence } from './utils/rnn';

export type RNNMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';
const GATES: Record<RNNMode, number> = { LSTM: 4, GRU: 3, RNN_TANH: 1, RNN_RELU: 1 };
/** cuDNN's RNN mode numbers (cudnnRNNMode_t). */
const CUDNN_MODE: Record<RNNMode, number> = { RNN_RELU: 0, RNN_TANH: 1, LSTM: 2, GRU: 3 };
const CUDNN_DTYPES = new Set([float16, float32, float64]);
const KERNEL: Record<RNNMode, string> = { LSTM: 'lstm', GRU: 'gru', RNN_TANH: 'rnn_tanh', RNN_RELU: 'rnn_relu' };

/** RNN/LSTM/GRU's parameters, in PyTorch's order. */
export type RNNParams = [['input_size', number], ['hidden_size', number], ['num_layers', number, '?'], ['bias', boolean, '?'], ['batch_first', boolean, '?'],
  ['dropout', number, '?'], ['bidirectional', boolean, '?'], ['proj_size', number, '?'], ...FactoryParams];
const RNN_PARAMS = ['input_size', 'hidden_size', 'num_layers', 'bias', 'batch_first', 'dropout', 'bidirectional', 'proj_size', 'device', 'dtype'];
const RNN_DEFAULTS = { num_layers: 1, bias: true, batch_first: false, dropout: 0, bidirectional: false, proj_size: 0, ...FACTORY_DEFAULTS };

/** The h_0 (and c_0) a recurrent layer starts from: a tensor, or LSTM's pair. */
export type RNNState = Tensor | [Tensor, Tensor];
type Bound = { input_size: number; hidden_size: number; num_layers: number; bias: boolean; batch_first: boolean; dropout: number;
  bidirectional: boolean; proj_size: number; device: DeviceLike | null; dtype: dtype | null; nonlinearity?: string };

/** The options object at the end of a call (Python's **kwargs), or an empty one. */
function trailingKwargs(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  return isOptions(last) ? last : {};
}
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const pyTuple = (s: number[]) => `(${s.join(', ')})`;

/**
 * The shared part of RNN, LSTM and GRU: hyper-parameters, one weight set per layer and direction
 * (`weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`, LSTM's `weight_hr_l{k}`, with
 * `_reverse` for the backward direction), PyTorch's init and checks.
 */
export abstract class RNNBase extends Module {
  mode: RNNMode;
  input_size: number;
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  dropout: number;
  bidirectional: boolean;
  proj_size: number;
  declare _flat_weights_names: string[];
  declare _all_weights: string[][];

  constructor(mode: RNNMode, args: unknown[], kwonly: string[] = [], kwonlyDefaults: Record<string, unknown> = {}) {
    super();
    const names = [...RNN_PARAMS, ...kwonly];
    // RNN, LSTM and GRU pass their arguments on to RNNBase.__init__(self, mode, ...), which Python's errors name and count.
    const o = Object.fromEntries(bind({ fn: 'RNNBase.__init__', names, npos: RNN_PARAMS.length, defaults: { ...RNN_DEFAULTS, ...kwonlyDefaults }, implicit: 2 }, args)
      .map((v, i) => [names[i], v])) as Bound;
    const { input_size, hidden_size, num_layers, bias, dropout, bidirectional, proj_size } = o;
    if (mode !== 'LSTM' && proj_size !== 0) throw new TorchError('proj_size argument is only supported for LSTM, not RNN or GRU', 'ValueError');
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers;
    this.bias = bias;
    this.batch_first = o.batch_first;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.proj_size = proj_size;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new TorchError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed', 'ValueError');
    }
    if (dropout > 0 && num_layers === 1) {
      process.emitWarning(`dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${floatRepr(dropout)} and num_layers=${num_layers}`, 'UserWarning');
    }
    if (proj_size < 0) throw new TorchError('proj_size should be a positive integer or zero to disable projections', 'ValueError');
    if (proj_size >= hidden_size) throw new TorchError('proj_size has to be smaller than hidden_size', 'ValueError');

    const gate_size = GATES[mode] * hidden_size;
    const f = factory(o.device, o.dtype);
    const num_directions = bidirectional ? 2 : 1;
    const real_hidden_size = proj_size > 0 ? proj_size : hidden_size;
    Object.defineProperty(this, '_flat_weights_names', { value: [], writable: true, enumerable: false });
    Object.defineProperty(this, '_all_weights', { value: [], writable: true, enumerable: false });
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const layer_input_size = layer === 0 ? input_size : real_hidden_size * num_directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const shapes: [string, number[]][] = [['weight_ih', [gate_size, layer_input_size]], ['weight_hh', [gate_size, real_hidden_size]]];
        if (bias) shapes.push(['bias_ih', [gate_size]], ['bias_hh', [gate_size]]);
        if (proj_size > 0) shapes.push(['weight_hr', [proj_size, hidden_size]]);
        const param_names = shapes.map(([n]) => n + suffix);
        shapes.forEach(([, shape], i) => { (this as any)[param_names[i]] = Parameter(empty(shape, f)); });
        this._flat_weights_names.push(...param_names);
        this._all_weights.push(param_names);
      }
    }
    this.flatten_parameters();
    this.reset_parameters();
  }

  /** The weights in the order ATen's kernels take them, read at call time so reassigned parameters count. */
  get _flat_weights(): Tensor[] { return this._flat_weights_names.map((n) => (this as any)[n]); }
  /** The parameters of each layer and direction. */
  get all_weights(): Parameter[][] { return this._all_weights.map((names) => names.map((n) => (this as any)[n])); }

  /**
   * On CUDA, makes the weights views into one contiguous buffer in cuDNN's layout (so cuDNN does not
   * copy them on every call), as PyTorch does after construction and after every `to`/`cuda`. A
   * no-op elsewhere, and when the weights differ in dtype or share storage.
   */
  flatten_parameters(): void {
    const weights = this._flat_weights;
    if (weights.length === 0 || weights.some((w) => !(w instanceof Tensor))) return;
    const dt = weights[0].dtype;
    if (weights.some((w) => w.dtype !== dt || w.device.type !== 'cuda' || !CUDNN_DTYPES.has(w.dtype))) return;
    if (new Set(weights.map((w) => w.data_ptr())).size !== weights.length) return;
    if (!callAten('_use_cudnn_rnn_flatten_weight', [])) return;
    const num_weights = (this.bias ? 4 : 2) + (this.proj_size > 0 ? 1 : 0);
    no_grad(() => callAten('_cudnn_rnn_flatten_weight', [weights, num_weights, this.input_size, CUDNN_MODE[this.mode], this.hidden_size,
      this.proj_size, this.num_layers, this.batch_first, this.bidirectional]));
  }

  _apply(fn: (t: Tensor) => Tensor, recurse = true): this {
    const ret = super._apply(fn, recurse);
    this.flatten_parameters();
    return ret;
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: Tensor | null): void {
    const expected_input_dim = batch_sizes !== null ? 2 : 3;
    if (input.dim() !== expected_input_dim) throw new TorchError(`input must have ${expected_input_dim} dimensions, got ${input.dim()}`);
    if (this.input_size !== input.size(-1)) {
      throw new TorchError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`);
    }
  }

  /** (num_layers * num_directions, batch, hidden) of h_0 (or c_0 with `cell`). */
  get_expected_hidden_size(input: Tensor, batch_sizes: Tensor | null, cell = false): number[] {
    const mini_batch = batch_sizes !== null ? Number(batch_sizes.select(0, 0).item()) : input.size(this.batch_first ? 0 : 1);
    const size = !cell && this.proj_size > 0 ? this.proj_size : this.hidden_size;
    return [this.num_layers * (this.bidirectional ? 2 : 1), mini_batch, size];
  }

  check_hidden_size(hx: Tensor, expected: number[], what = 'hidden'): void {
    if (!sameShape(hx.shape, expected)) throw new TorchError(`Expected ${what} size ${pyTuple(expected)}, got [${hx.shape.join(', ')}]`);
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    if (this.batch_first !== false) s += `, batch_first=${this.batch_first ? 'True' : 'False'}`;
    if (this.dropout !== 0) s += `, dropout=${floatRepr(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${this.bidirectional ? 'True' : 'False'}`;
    return s;
  }

  /**
   * The forward of every layer stack: unbatched inputs gain a batch dim, missing states start at
   * zero, a PackedSequence's states follow its sort order, then one call into ATen.
   */
  protected run(input: Tensor | PackedSequence, hx: RNNState | null | undefined): [Tensor | PackedSequence, RNNState] {
    const lstm = this.mode === 'LSTM';
    const packed = input instanceof PackedSequence ? input : null;
    let x = packed ? packed.data : (input as Tensor);
    const batch_sizes = packed ? packed.batch_sizes : null;
    const is_batched = packed !== null || x.dim() === 3;
    const batch_dim = this.batch_first ? 0 : 1;
    let states: Tensor[] | null = hx === null || hx === undefined ? null : lstm ? Array.from(hx as Tensor[]) : [hx as Tensor];
    if (states !== null && (states.length !== (lstm ? 2 : 1) || states.some((s) => !(s instanceof Tensor)))) {
      throw new TypeError(lstm ? 'Expected hx for LSTM to be a pair [h_0, c_0] of tensors' : `Expected hx for ${this._get_name()} to be a tensor`);
    }
    if (!packed) {
      if (!is_batched) x = x.unsqueeze(batch_dim);
      if (states !== null) {
        const want = is_batched ? 3 : 2;
        if (states.some((s) => s.dim() !== want)) {
          const which = is_batched ? 'batched 3-D' : 'unbatched 2-D';
          throw new TorchError(lstm
            ? `For ${which} input, hx and cx should also be ${want}-D but got (${states[0].dim()}-D, ${states[1].dim()}-D) tensors`
            : `For ${which} input, hx should also be ${want}-D but got ${states[0].dim()}-D tensor`);
        }
        if (!is_batched) states = states.map((s) => s.unsqueeze(1));
      }
    }
    if (states === null) {
      const opts = { dtype: x.dtype, device: x.device };
      states = [zeros(this.get_expected_hidden_size(x, batch_sizes), opts)];
      if (lstm) states.push(zeros(this.get_expected_hidden_size(x, batch_sizes, true), opts));
    } else if (packed && packed.sorted_indices !== null) {
      states = states.map((s) => s.index_select(1, packed.sorted_indices));
    }
    this.check_input(x, batch_sizes);
    if (lstm) {
      this.check_hidden_size(states[0], this.get_expected_hidden_size(x, batch_sizes), 'hidden[0]');
      this.check_hidden_size(states[1], this.get_expected_hidden_size(x, batch_sizes, true), 'hidden[1]');
    } else {
      this.check_hidden_size(states[0], this.get_expected_hidden_size(x, batch_sizes));
    }
    const h = lstm ? states : states[0];
    const flags = [this.bias, this.num_layers, this.dropout, this.training, this.bidirectional];
    const result = (batch_sizes === null
      ? callAten(KERNEL[this.mode], [x, h, this._flat_weights, ...flags, this.batch_first], 'input')
      : callAten(KERNEL[this.mode], [x, batch_sizes, h, this._flat_weights, ...flags], 'data')) as Tensor[];
    let [output, ...hidden] = result;
    if (packed) {
      if (packed.unsorted_indices !== null) hidden = hidden.map((s) => s.index_select(1, packed.unsorted_indices));
      return [new PackedSequence(output, batch_sizes, packed.sorted_indices, packed.unsorted_indices), lstm ? [hidden[0], hidden[1]] : hidden[0]];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = hidden.map((s) => s.squeeze(1));
    }
    return [output, lstm ? [hidden[0], hidden[1]] : hidden[0]];
  }
}

/**
 * Elman RNN: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh) (relu with nonlinearity='relu').
 * Args: input_size, hidden_size, num_layers=1, bias=true, batch_first=false, dropout=0,
 * bidirectional=false, {nonlinearity='tanh', device, dtype}.
 * Shapes: input (L, N, H_in) / (N, L, H_in) with batch_first / (L, H_in) unbatched, h_0 (D*num_layers, N, H_out)
 * -> [output (L, N, D*H_out), h_n (D*num_layers, N, H_out)]; a PackedSequence in gives one out.
 */
export class RNN extends RNNBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(...args: PyArgs<RNNParams, { nonlinearity?: 'tanh' | 'relu' }>) {
    const kw = trailingKwargs(args);
    const nonlinearity = kw.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new TorchError(`Unknown nonlinearity '${String(nonlinearity)}'`, 'ValueError');
    if ('proj_size' in kw) throw new TorchError('proj_size argument is only supported for LSTM, not RNN or GRU', 'ValueError');
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', args, ['nonlinearity'], { nonlinearity: 'tanh' });
    this.nonlinearity = nonlinearity;
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, options: { hx?: Tensor | null }): [Tensor | PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null | { hx?: Tensor | null }): [Tensor | PackedSequence, Tensor] {
    // forward_signatures.ts binds the call to PyTorch's signature: hx arrives positionally.
    return this.run(input, hx as Tensor | null) as [Tensor | PackedSequence, Tensor];
  }
}

/**
 * Long short-term memory over sequences; with proj_size > 0 the hidden state is projected by
 * weight_hr to proj_size. Args as RNN's (no nonlinearity) plus proj_size=0.
 * Returns [output, [h_n, c_n]]; h_0/c_0 are passed as the pair `[h_0, c_0]`.
 */
export class LSTM extends RNNBase {
  constructor(...args: PyArgs<RNNParams>) { super('LSTM', args); }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, options: { hx?: [Tensor, Tensor] | null }): [Tensor | PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx?: [Tensor, Tensor] | null | { hx?: [Tensor, Tensor] | null }): [Tensor | PackedSequence, [Tensor, Tensor]] {
    // forward_signatures.ts binds the call to PyTorch's signature: hx arrives positionally.
    return this.run(input, hx as [Tensor, Tensor] | null) as [Tensor | PackedSequence, [Tensor, Tensor]];
  }
}

/** Gated recurrent unit over sequences. Args and shapes as RNN's (no nonlinearity). */
export class GRU extends RNNBase {
  constructor(...args: PyArgs<RNNParams>) {
    if ('proj_size' in trailingKwargs(args)) {
      throw new TorchError('proj_size argument is only supported for LSTM, not RNN or GRU', 'ValueError');
    }
    super('GRU', args);
  }
  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, options: { hx?: Tensor | null }): [Tensor | PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null | { hx?: Tensor | null }): [Tensor | PackedSequence, Tensor] {
    // forward_signatures.ts binds the call to PyTorch's signature: hx arrives positionally.
    return this.run(input, hx as Tensor | null) as [Tensor | PackedSequence, Tensor];
  }
}

/** RNNCell/LSTMCell/GRUCell's parameters, in PyTorch's order. */
export type RNNCellParams = [['input_size', number], ['hidden_size', number], ['bias', boolean, '?'], ...FactoryParams];

type CellBound = { input_size: number; hidden_size: number; bias: boolean; nonlinearity?: 'tanh' | 'relu'; device: DeviceLike | null; dtype: dtype | null };

/** Binds a cell's constructor arguments (`extra` after bias: RNNCell's nonlinearity). */
function bindCell(cls: string, args: unknown[], extra: string[] = []): CellBound {
  const names = ['input_size', 'hidden_size', 'bias', ...extra, 'device', 'dtype'];
  const v = pyBind<unknown[]>(`${cls}.__init__`, args, names, { bias: true, nonlinearity: 'tanh', ...FACTORY_DEFAULTS });
  return Object.fromEntries(v.map((x, i) => [names[i], x])) as CellBound;
}

/** The shared part of the cells: weight_ih, weight_hh, bias_ih, bias_hh (num_chunks gates each), init, printing. */
export abstract class RNNCellBase extends Module {
  input_size: number;
  hidden_size: number;
  bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when bias=False. */
  bias_ih: Parameter;
  /** Typed non-null (like Tensor.grad); null at run time when bias=False. */
  bias_hh: Parameter;

  constructor(num_chunks: number, o: CellBound) {
    super();
    this.input_size = o.input_size;
    this.hidden_size = o.hidden_size;
    this.bias = o.bias;
    const f = factory(o.device, o.dtype);
    this.weight_ih = Parameter(empty([num_chunks * o.hidden_size, o.input_size], f));
    this.weight_hh = Parameter(empty([num_chunks * o.hidden_size, o.hidden_size], f));
    this.bias_ih = o.bias ? Parameter(empty([num_chunks * o.hidden_size], f)) : (null as unknown as Parameter);
    this.bias_hh = o.bias ? Parameter(empty([num_chunks * o.hidden_size], f)) : (null as unknown as Parameter);
    this.reset_parameters();
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    const nonlinearity = (this as { nonlinearity?: string }).nonlinearity;
    if (nonlinearity !== undefined && nonlinearity !== 'tanh') s += `, nonlinearity=${nonlinearity}`;
    return s;
  }

  /** Input (N, H_in) or unbatched (H_in): the batched form and whether to squeeze the result. */
  protected batched(input: Tensor): [Tensor, boolean] {
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new TorchError(`${this._get_name()}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`, 'AssertionError');
    }
    return input.dim() === 2 ? [input, true] : [input.unsqueeze(0), false];
  }

  protected zeroState(input: Tensor): Tensor { return zeros([input.size(0), this.hidden_size], { dtype: input.dtype, device: input.device }); }
}

/**
 * One step of an Elman RNN: h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu).
 * Args: input_size, hidden_size, bias=true, nonlinearity='tanh', device, dtype.
 */
export class RNNCell extends RNNCellBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(...args: PyArgs<[['input_size', number], ['hidden_size', number], ['bias', boolean, '?'], ['nonlinearity', 'tanh' | 'relu', '?'], ...FactoryParams]>) {
    const o = bindCell('RNNCell', args, ['nonlinearity']);
    super(1, o);
    this.nonlinearity = o.nonlinearity!;
  }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, is_batched] = this.batched(input);
    const h = hx === null || hx === undefined ? this.zeroState(x) : is_batched ? hx : hx.unsqueeze(0);
    if (this.nonlinearity !== 'tanh' && this.nonlinearity !== 'relu') throw new TorchError(`Unknown nonlinearity: ${this.nonlinearity}`);
    const ret: Tensor = callAten(`rnn_${this.nonlinearity}_cell`, [x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]);
    return is_batched ? ret : ret.squeeze(0);
  }
}

/** One LSTM step: `[h', c'] = cell(x, [h, c])`. Args: input_size, hidden_size, bias=true, device, dtype. */
export class LSTMCell extends RNNCellBase {
  constructor(...args: PyArgs<RNNCellParams>) { super(4, bindCell('LSTMCell', args)); }
  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [x, is_batched] = this.batched(input);
    let state: Tensor[];
    if (hx === null || hx === undefined) {
      const z = this.zeroState(x);
      state = [z, z];
    } else {
      state = is_batched ? [hx[0], hx[1]] : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    }
    const [h, c] = callAten('lstm_cell', [x, state, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]) as [Tensor, Tensor];
    return is_batched ? [h, c] : [h.squeeze(0), c.squeeze(0)];
  }
}

/** One GRU step: h' = cell(x, h). Args: input_size, hidden_size, bias=true, device, dtype. */
export class GRUCell extends RNNCellBase {
  constructor(...args: PyArgs<RNNCellParams>) { super(3, bindCell('GRUCell', args)); }
  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, is_batched] = this.batched(input);
    const h = hx === null || hx === undefined ? this.zeroState(x) : is_batched ? hx : hx.unsqueeze(0);
    const ret: Tensor = callAten('gru_cell', [x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]);
    return is_batched ? ret : ret.squeeze(0);
  }
}
