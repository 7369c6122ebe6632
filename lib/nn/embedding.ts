// nn.Embedding: a lookup table of num_embeddings vectors of size embedding_dim.
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { empty } from '../creation';
import { no_grad } from '../autograd';
import { Module } from './module';
import { Parameter } from './parameter';
import { FactoryKwargs } from './linear';
import { pyFloat } from './repr';
import * as F from './functional';

export interface EmbeddingOptions extends FactoryKwargs {
  padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean; _weight?: Tensor | null;
}

export class Embedding extends Module {
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;
  weight: Parameter;
  constructor(public num_embeddings: number, public embedding_dim: number, options: EmbeddingOptions = {}) {
    super();
    let p = options.padding_idx ?? null;
    if (p !== null) {
      if (p >= num_embeddings || p < -num_embeddings) throw new TorchError('Padding_idx must be within num_embeddings', 'AssertionError');
      if (p < 0) p += num_embeddings;
    }
    this.padding_idx = p;
    this.max_norm = options.max_norm ?? null;
    this.norm_type = options.norm_type ?? 2.0;
    this.scale_grad_by_freq = options.scale_grad_by_freq ?? false;
    this.sparse = options.sparse ?? false;
    if (options._weight) {
      this.weight = Parameter(options._weight);
    } else {
      this.weight = Parameter(empty([num_embeddings, embedding_dim], { dtype: options.dtype, device: options.device }));
      this.reset_parameters();
    }
  }
  reset_parameters(): void {
    no_grad(() => {
      this.weight.normal_();
      if (this.padding_idx !== null) this.weight.index(this.padding_idx).fill_(0);
    });
  }
  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { padding_idx: this.padding_idx, max_norm: this.max_norm, norm_type: this.norm_type, scale_grad_by_freq: this.scale_grad_by_freq, sparse: this.sparse } as any);
  }
  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${this.max_norm}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
