// nn.Embedding: a lookup table of num_embeddings vectors of size embedding_dim.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { empty } from '../creation';
import { no_grad } from '../autograd';
import { Module } from './module';
import { Parameter } from './parameter';
import { FactoryParams, FACTORY_DEFAULTS, factory } from './linear';
import { pyBind } from '../python/binder';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { numberRepr } from './repr';
import { forRelease } from '../release';
import * as F from './functional';

export type EmbeddingArgs = PyArgs<[['num_embeddings', number], ['embedding_dim', number], ['padding_idx', number | null, '?'], ['max_norm', number | null, '?'],
  ['norm_type', number, '?'], ['scale_grad_by_freq', boolean, '?'], ['sparse', boolean, '?'], ['_weight', Tensor | null, '?'], ...FactoryParams]>;

/** A padding_idx checked against num_embeddings and made non-negative (`name` is how the message spells it). */
function paddingIndex(p: number | null, n: number, name: string): number | null {
  if (p === null) return null;
  if (p >= n || p < -n) throw new TorchError(`${name} must be within num_embeddings`, 'AssertionError');
  return p < 0 ? p + n : p;
}

/** N(0, 1) rows, the padding row zero. */
function resetEmbedding(weight: Tensor, padding_idx: number | null): void {
  no_grad(() => {
    weight.normal_();
    if (padding_idx !== null) weight.index(padding_idx).fill_(0);
  });
}

/** The table: `_weight` when given (shape checked), else a fresh one initialized by the module's reset_parameters. */
function embeddingWeight(m: { reset_parameters(): void; weight: Parameter }, _weight: Tensor | null, rows: number, cols: number, device: DeviceLike | null, dt: dtype | null): Parameter {
  if (_weight) {
    const s = _weight.shape;
    if (s.length !== 2 || s[0] !== rows || s[1] !== cols) throw new TorchError('Shape of weight does not match num_embeddings and embedding_dim', 'AssertionError');
    return Parameter(_weight);
  }
  m.weight = Parameter(empty([rows, cols], factory(device, dt)));
  m.reset_parameters();
  return m.weight;
}

export class Embedding extends Module {
  num_embeddings: number;
  embedding_dim: number;
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;
  weight: Parameter;
  constructor(...args: EmbeddingArgs) {
    super();
    const [num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight, device, dt] = pyBind<
      [number, number, number | null, number | null, number, boolean, boolean, Tensor | null, DeviceLike | null, dtype | null]>('Embedding.__init__', args,
      ['num_embeddings', 'embedding_dim', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse', '_weight', 'device', 'dtype'],
      { padding_idx: null, max_norm: null, norm_type: 2.0, scale_grad_by_freq: false, sparse: false, _weight: null, ...FACTORY_DEFAULTS });
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.padding_idx = paddingIndex(padding_idx, num_embeddings, 'Padding_idx');
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    this.sparse = sparse;
    this.weight = embeddingWeight(this, _weight, num_embeddings, embedding_dim, device, dt);
  }
  /** An Embedding whose weight is `embeddings` (frozen unless `freeze` is false). */
  static from_pretrained(...args: PyArgs<[['embeddings', Tensor], ['freeze', boolean, '?'], ['padding_idx', number | null, '?'], ['max_norm', number | null, '?'],
    ['norm_type', number, '?'], ['scale_grad_by_freq', boolean, '?'], ['sparse', boolean, '?']]>): Embedding {
    const [embeddings, freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] = pyBind<[Tensor, boolean, number | null, number | null, number, boolean, boolean]>(
      'Embedding.from_pretrained', args, ['embeddings', 'freeze', 'padding_idx', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'sparse'],
      { freeze: true, padding_idx: null, max_norm: null, norm_type: 2.0, scale_grad_by_freq: false, sparse: false });
    if (embeddings.dim() !== 2) throw new TorchError('Embeddings parameter is expected to be 2-dimensional', 'AssertionError');
    const [rows, cols] = embeddings.shape;
    const embedding = new this(rows, cols, { _weight: embeddings, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
    embedding.weight.requires_grad = !freeze;
    return embedding;
  }
  reset_parameters(): void { resetEmbedding(this.weight, this.padding_idx); }
  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { padding_idx: this.padding_idx, max_norm: this.max_norm, norm_type: this.norm_type, scale_grad_by_freq: this.scale_grad_by_freq, sparse: this.sparse } as any);
  }
  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${numberRepr(this, 'max_norm')}`;
    if (this.norm_type !== 2) s += `, norm_type=${numberRepr(this, 'norm_type')}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}

export type EmbeddingBagArgs = PyArgs<[['num_embeddings', number], ['embedding_dim', number], ['max_norm', number | null, '?'], ['norm_type', number, '?'],
  ['scale_grad_by_freq', boolean, '?'], ['mode', 'sum' | 'mean' | 'max', '?'], ['sparse', boolean, '?'], ['_weight', Tensor | null, '?'], ['include_last_offset', boolean, '?'],
  ['padding_idx', number | null, '?'], ...FactoryParams]>;

/** Sums, means or maxima of bags of embeddings, without materializing the embeddings: `forward(input, offsets?, per_sample_weights?)`. */
export class EmbeddingBag extends Module {
  num_embeddings: number;
  embedding_dim: number;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  weight: Parameter;
  mode: 'sum' | 'mean' | 'max';
  sparse: boolean;
  include_last_offset: boolean;
  padding_idx: number | null;
  constructor(...args: EmbeddingBagArgs) {
    super();
    const [num_embeddings, embedding_dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, _weight, include_last_offset, padding_idx, device, dt] = pyBind<
      [number, number, number | null, number, boolean, 'sum' | 'mean' | 'max', boolean, Tensor | null, boolean, number | null, DeviceLike | null, dtype | null]>('EmbeddingBag.__init__', args,
      ['num_embeddings', 'embedding_dim', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', '_weight', 'include_last_offset', 'padding_idx', 'device', 'dtype'],
      { max_norm: null, norm_type: 2.0, scale_grad_by_freq: false, mode: 'mean', sparse: false, _weight: null, include_last_offset: false, padding_idx: null, ...FACTORY_DEFAULTS });
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    this.padding_idx = paddingIndex(padding_idx, num_embeddings, 'padding_idx');
    this.weight = embeddingWeight(this, _weight, num_embeddings, embedding_dim, device, dt);
    this.mode = mode;
    this.sparse = sparse;
    this.include_last_offset = include_last_offset;
  }
  /** An EmbeddingBag whose weight is `embeddings` (frozen unless `freeze` is false). */
  static from_pretrained(...args: PyArgs<[['embeddings', Tensor], ['freeze', boolean, '?'], ['max_norm', number | null, '?'], ['norm_type', number, '?'],
    ['scale_grad_by_freq', boolean, '?'], ['mode', 'sum' | 'mean' | 'max', '?'], ['sparse', boolean, '?'], ['include_last_offset', boolean, '?'], ['padding_idx', number | null, '?']]>): EmbeddingBag {
    const [embeddings, freeze, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx] = pyBind<
      [Tensor, boolean, number | null, number, boolean, 'sum' | 'mean' | 'max', boolean, boolean, number | null]>('EmbeddingBag.from_pretrained', args,
      ['embeddings', 'freeze', 'max_norm', 'norm_type', 'scale_grad_by_freq', 'mode', 'sparse', 'include_last_offset', 'padding_idx'],
      { freeze: true, max_norm: null, norm_type: 2.0, scale_grad_by_freq: false, mode: 'mean', sparse: false, include_last_offset: false, padding_idx: null });
    if (embeddings.dim() !== 2) throw new TorchError('Embeddings parameter is expected to be 2-dimensional', 'AssertionError');
    const [rows, cols] = embeddings.shape;
    const bag = new this(rows, cols, { _weight: embeddings, max_norm, norm_type, scale_grad_by_freq, mode, sparse, include_last_offset, padding_idx });
    bag.weight.requires_grad = !freeze;
    return bag;
  }
  reset_parameters(): void { resetEmbedding(this.weight, this.padding_idx); }
  forward(...args: PyArgs<[['input', Tensor], ['offsets', Tensor | null, '?'], ['per_sample_weights', Tensor | null, '?']]>): Tensor {
    // forward_signatures.ts binds the call to PyTorch's signature: positional values arrive here.
    const [input, offsets = null, per_sample_weights = null] = args as [Tensor, (Tensor | null)?, (Tensor | null)?];
    return F.embedding_bag(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse, per_sample_weights,
      this.include_last_offset, this.padding_idx);
  }
  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${numberRepr(this, 'max_norm')}`;
    if (this.norm_type !== 2) s += `, norm_type=${numberRepr(this, 'norm_type')}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    s += `, mode=${forRelease([['1.13', this.mode], ['2.6', `'${this.mode}'`]])}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
}
