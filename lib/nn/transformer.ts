// MultiheadAttention (PyTorch's activation.py) and the Transformer family (PyTorch's transformer.py):
// modules over F.multi_head_attention_forward, Linear, LayerNorm and Dropout, with PyTorch's
// inference fast path (fused kernels, nested tensors) where its conditions hold (transformer_fastpath.ts).
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { empty, full } from '../creation';
import { bool } from '../dtype';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { Module } from './module';
import { initName } from './init_owner';
import { Parameter } from './parameter';
import { Linear, FactoryParams, FACTORY_DEFAULTS, factory } from './linear';
import { LayerNorm } from './normalization';
import { Dropout } from './dropout';
import { ModuleList } from './container';
import { none } from './args';
import { internalsUnobserved, internalClass } from './unobserved';
import { tidy, consumed } from '../memory';
import { pyBind } from '../python/binder';
import * as init from './init';
import * as F from './functional';
import { forRelease } from '../release';
import { warnOnce } from '../python/warnings';
import { ReLU, GELU } from './activation';
import { canonicalMask, noneOrDtype } from './canonical_mask';
import {
  FASTPATH_2X, whyNotMhaFastPath, floatMasksReason, mergeMasks, nativeMultiHeadAttention, whyNotLayerFastPath, transformerEncoderLayerFwd,
  whyNotNestedEncoder, whyNotNestedAtInit, nestedFromMask, toPadded,
} from './transformer_fastpath';

// PyTorch 2.x's forwards take is_causal hints after the masks. A hint lets PyTorch run a causal
// kernel instead of reading the mask, with the same result for a causal mask; torchts applies the
// mask either way, so the hints only add their parameters and PyTorch's error for a hint without a
// mask (raised in F.multi_head_attention_forward).
const CAUSAL_HINTS = forRelease([['1.13', false], ['2.0', true]]);
/** `names`, with the release's is_causal hint parameters appended. */
const withHints = (names: string[], hints: string[]): string[] => (CAUSAL_HINTS ? [...names, ...hints] : names);
/** A call's hint options: none on releases without them (so their forwards see no unknown keyword). */
const hintOptions = (hints: Record<string, boolean | null>): Record<string, boolean | null> => (CAUSAL_HINTS ? hints : {});

/** Linear under the name PyTorch gives MultiheadAttention's out_proj (so it prints the same). */
export class NonDynamicallyQuantizableLinear extends Linear {}
internalClass(NonDynamicallyQuantizableLinear);

/**
 * Attention from query to key/value with num_heads heads (Attention Is All You Need).
 * Args: embed_dim, num_heads, dropout=0, bias=true, add_bias_kv=false, add_zero_attn=false,
 * kdim=embed_dim, vdim=embed_dim, batch_first=false, device, dtype.
 * `mha(query, key, value, { key_padding_mask, need_weights, attn_mask, average_attn_weights })`
 * -> `[attn_output (L, N, E), attn_weights (N, L, S) or null]` ((N, L, E) with batch_first).
 */
export class MultiheadAttention extends Module {
  embed_dim: number;
  kdim: number;
  vdim: number;
  _qkv_same_embed_dim: boolean;
  num_heads: number;
  dropout: number;
  batch_first: boolean;
  head_dim: number;
  /** Typed non-null (like Tensor.grad); null at run time when kdim or vdim differ from embed_dim. */
  in_proj_weight: Parameter;
  /** Typed non-null; null at run time unless kdim or vdim differ from embed_dim. */
  q_proj_weight: Parameter;
  /** Typed non-null; null at run time unless kdim or vdim differ from embed_dim. */
  k_proj_weight: Parameter;
  /** Typed non-null; null at run time unless kdim or vdim differ from embed_dim. */
  v_proj_weight: Parameter;
  /** Typed non-null; null at run time when bias=False. */
  in_proj_bias: Parameter;
  out_proj: NonDynamicallyQuantizableLinear;
  /** Typed non-null; null at run time unless add_bias_kv=True. */
  bias_k: Parameter;
  /** Typed non-null; null at run time unless add_bias_kv=True. */
  bias_v: Parameter;
  add_zero_attn: boolean;

  constructor(...args: PyArgs<[['embed_dim', number], ['num_heads', number], ['dropout', number, '?'], ['bias', boolean, '?'], ['add_bias_kv', boolean, '?'],
    ['add_zero_attn', boolean, '?'], ['kdim', number | null, '?'], ['vdim', number | null, '?'], ['batch_first', boolean, '?'], ...FactoryParams]>) {
    super();
    const [embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first, device, dt] = pyBind<[number, number, number, boolean,
      boolean, boolean, number | null, number | null, boolean, DeviceLike | null, dtype | null]>('MultiheadAttention.__init__', args,
      ['embed_dim', 'num_heads', 'dropout', 'bias', 'add_bias_kv', 'add_zero_attn', 'kdim', 'vdim', 'batch_first', 'device', 'dtype'],
      { dropout: 0.0, bias: true, add_bias_kv: false, add_zero_attn: false, kdim: null, vdim: null, batch_first: false, ...FACTORY_DEFAULTS });
    const f = factory(device, dt);
    this.embed_dim = embed_dim;
    this.kdim = kdim ?? embed_dim;
    this.vdim = vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.num_heads = num_heads;
    this.dropout = dropout;
    this.batch_first = batch_first;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== embed_dim) throw new TorchError('embed_dim must be divisible by num_heads', 'AssertionError');
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = Parameter(empty([embed_dim, embed_dim], f));
      this.k_proj_weight = Parameter(empty([embed_dim, this.kdim], f));
      this.v_proj_weight = Parameter(empty([embed_dim, this.vdim], f));
      this.in_proj_weight = none();
    } else {
      this.in_proj_weight = Parameter(empty([3 * embed_dim, embed_dim], f));
      this.q_proj_weight = none();
      this.k_proj_weight = none();
      this.v_proj_weight = none();
    }
    this.in_proj_bias = bias ? Parameter(empty([3 * embed_dim], f)) : none();
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias, device, dtype: dt });
    this.bias_k = add_bias_kv ? Parameter(empty([1, 1, embed_dim], f)) : none();
    this.bias_v = add_bias_kv ? Parameter(empty([1, 1, embed_dim], f)) : none();
    this.add_zero_attn = add_zero_attn;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) {
      init.xavier_uniform_(this.in_proj_weight);
    } else {
      init.xavier_uniform_(this.q_proj_weight);
      init.xavier_uniform_(this.k_proj_weight);
      init.xavier_uniform_(this.v_proj_weight);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0.);
      init.constant_(this.out_proj.bias, 0.);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  forward(...args: PyArgs<[['query', Tensor], ['key', Tensor], ['value', Tensor], ['key_padding_mask', Tensor | null, '?'], ['need_weights', boolean, '?'],
    ['attn_mask', Tensor | null, '?'], ['average_attn_weights', boolean, '?'], ['is_causal', boolean, '?']]>): [Tensor, Tensor | null] {
    let [query, key, value, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal] = pyBind<[Tensor, Tensor, Tensor, Tensor | null, boolean,
      Tensor | null, boolean, boolean]>('MultiheadAttention.forward', args,
      withHints(['query', 'key', 'value', 'key_padding_mask', 'need_weights', 'attn_mask', 'average_attn_weights'], ['is_causal']),
      { key_padding_mask: null, need_weights: true, attn_mask: null, average_attn_weights: true, is_causal: false });
    const is_batched = query.dim() === 3;
    const floatMasks = FASTPATH_2X ? floatMasksReason(attn_mask, key_padding_mask) : '';
    [key_padding_mask, attn_mask] = paddingAndAttentionMasks(key_padding_mask, 'key_padding_mask', attn_mask, 'attn_mask', query.dtype);
    const why_not_fast_path = whyNotMhaFastPath({ m: this, query, key, value, key_padding_mask, attn_mask }, floatMasks);
    if (!why_not_fast_path) {
      const [mask, mask_type] = FASTPATH_2X ? this.merge_masks(attn_mask, key_padding_mask, query)
        : [key_padding_mask ?? attn_mask, key_padding_mask !== null ? 1 : attn_mask !== null ? 0 : null];
      // PyTorch 2.x goes on to the composite without an input projection bias
      if (!FASTPATH_2X || (this.in_proj_bias !== null && this.in_proj_weight !== null)) {
        return nativeMultiHeadAttention(this, query, mask, mask_type, need_weights, average_attn_weights);
      }
    }
    if (query.is_nested || key.is_nested || value.is_nested) {
      throw new TorchError('MultiheadAttention does not support NestedTensor outside of its fast path. '
        + `The fast path was not hit because ${why_not_fast_path}`, 'AssertionError');
    }
    if (this.batch_first && is_batched) {
      // keep self-attention's identities (query is key is value): the projection is shared then
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else { query = query.transpose(1, 0); key = value = key.transpose(1, 0); }
      } else {
        [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      }
    }
    const separate = this._qkv_same_embed_dim ? {} : {
      use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight,
    };
    const [attn_output, attn_output_weights] = F.multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads,
      this.in_proj_weight, this.in_proj_bias, this.bias_k, this.bias_v, this.add_zero_attn, this.dropout, this.out_proj.weight, this.out_proj.bias,
      { training: this.training, key_padding_mask, need_weights, attn_mask, average_attn_weights, ...separate, ...hintOptions({ is_causal }) });
    return [this.batch_first && is_batched ? attn_output.transpose(1, 0) : attn_output, attn_output_weights];
  }

  /**
   * PyTorch 2.x's mask for the fused kernels: [merged mask, mask type] (0 attn_mask (L, L), 1
   * key_padding_mask (N, L), 2 both, expanded to (N, num_heads, L, L) and added; [null, null] for none).
   */
  merge_masks(attn_mask: Tensor | null, key_padding_mask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
    return mergeMasks(this.num_heads, attn_mask, key_padding_mask, query);
  }
}

/**
 * A forward's key padding and attention masks as its checks and its callees see them: PyTorch 2.x
 * makes both float (canonical) first; 1.13 checks the padding mask's dtype and keeps both as given.
 */
function paddingAndAttentionMasks(padding: Tensor | null, paddingName: string, attention: Tensor | null, attentionName: string,
  target: dtype): [Tensor | null, Tensor | null] {
  if (FASTPATH_2X) {
    return [canonicalMask(padding, paddingName, noneOrDtype(attention), attentionName, target),
      canonicalMask(attention, attentionName, null, '', target, false)];
  }
  if (padding !== null && padding.dtype !== bool && !padding.is_floating_point()) {
    throw new TorchError('only bool and floating types of key_padding_mask are supported', 'AssertionError');
  }
  return [padding, attention];
}

/** An activation given by name ('relu', 'gelu') or as a function or module. */
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

function activationFn(activation: Activation): (x: Tensor) => Tensor {
  if (typeof activation !== 'string') return activation;
  if (activation === 'relu') return F.relu;
  if (activation === 'gelu') return F.gelu;
  throw new TorchError(`activation should be relu/gelu, not ${activation}`);
}

/** TransformerEncoderLayer/TransformerDecoderLayer's parameters, in PyTorch's order. */
export type TransformerLayerArgs = PyArgs<[['d_model', number], ['nhead', number], ['dim_feedforward', number, '?'], ['dropout', number, '?'],
  ['activation', Activation, '?'], ['layer_norm_eps', number, '?'], ['batch_first', boolean, '?'], ['norm_first', boolean, '?'], ...FactoryParams]>;
const LAYER_PARAMS = ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first', 'device', 'dtype'];
const LAYER_DEFAULTS = { dim_feedforward: 2048, dropout: 0.1, activation: 'relu', layer_norm_eps: 1e-5, batch_first: false, norm_first: false, ...FACTORY_DEFAULTS };
type LayerBound = { d_model: number; nhead: number; dim_feedforward: number; dropout: number; activation: Activation; layer_norm_eps: number;
  batch_first: boolean; norm_first: boolean; device: DeviceLike | null; dtype: dtype | null };

/**
 * The shared part of the encoder and decoder layers: their sub-modules, registered in PyTorch's
 * order (the decoder's cross-attention, third norm and dropout where PyTorch puts them), and the
 * self-attention and feed-forward blocks.
 */
export abstract class TransformerLayerBase extends Module {
  // declared, not defined: sub-modules register in assignment order, and the decoder's go between these
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation: (x: Tensor) => Tensor;

  constructor(args: unknown[], decoder: boolean) {
    super();
    const o = Object.fromEntries(pyBind<unknown[]>(initName(this), args, LAYER_PARAMS, LAYER_DEFAULTS).map((v, i) => [LAYER_PARAMS[i], v])) as LayerBound;
    const fk = { device: o.device, dtype: o.dtype };
    const attention = () => new MultiheadAttention(o.d_model, o.nhead, { dropout: o.dropout, batch_first: o.batch_first, ...fk });
    const norm = () => new LayerNorm(o.d_model, { eps: o.layer_norm_eps, ...fk });
    this.self_attn = attention();
    if (decoder) (this as unknown as TransformerDecoderLayer).multihead_attn = attention();
    this.linear1 = new Linear(o.d_model, o.dim_feedforward, fk);
    this.dropout = new Dropout(o.dropout);
    this.linear2 = new Linear(o.dim_feedforward, o.d_model, fk);
    this.norm_first = o.norm_first;
    this.norm1 = norm();
    this.norm2 = norm();
    if (decoder) (this as unknown as TransformerDecoderLayer).norm3 = norm();
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    if (decoder) (this as unknown as TransformerDecoderLayer).dropout3 = new Dropout(o.dropout);
    this.activation = activationFn(o.activation);
  }

  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal = false): Tensor {
    const [attended] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, ...hintOptions({ is_causal }) });
    return this.freeing(attended, this.dropout1(attended));
  }
  /** linear2(dropout(activation(linear1(x)))), then the layer's last dropout. */
  _ff_block(x: Tensor): Tensor {
    const hidden = this.linear1(x);
    const out = this.linear2(this.dropout(this.freeing(hidden, this.activation(hidden))));
    return this.freeing(out, this.lastDropout()(out));
  }
  protected abstract lastDropout(): Dropout;

  /** x + a block's output, which is freed once added (while forward runs unobserved). */
  protected residual(x: Tensor, block: Tensor): Tensor { return this.freeing(block, x.add(block)); }

  /** `result`, after freeing `used` when this layer's forward runs unobserved (runForward): Python frees it there too. */
  protected freeing<T>(used: Tensor, result: T): T { return unobservedLayers.has(this) ? consumed(used, result) : result; }

  /**
   * Runs a forward body. While no user code can see inside the layer (unobserved.ts), each
   * temporary is freed once used and the rest on return, as Python's refcounts free them.
   */
  protected runForward(body: () => Tensor): Tensor {
    const a = this.activation;
    if (!((a === F.relu || a === F.gelu || a instanceof Module) && internalsUnobserved(this, LAYER_METHODS))) return body();
    unobservedLayers.add(this);
    try {
      return tidy(body);
    } finally {
      unobservedLayers.delete(this);
    }
  }
}

/** The layers whose forward is running with no user code able to see inside them. */
const unobservedLayers = new WeakSet<TransformerLayerBase>();

/** The layers' methods that run inside forward: an instance that replaces one runs user code there. */
const LAYER_METHODS = ['forward', '_sa_block', '_ff_block', '_mha_block'];

/** Self-attention then feed-forward, each with dropout, a residual connection and LayerNorm (before with norm_first, else after). */
export class TransformerEncoderLayer extends TransformerLayerBase {
  /** 1 for relu (F.relu, 'relu', nn.ReLU), 2 for gelu, 0 otherwise: set at construction, read by the fast path. */
  activation_relu_or_gelu: number;
  constructor(...args: TransformerLayerArgs) {
    super(args, false);
    const a = this.activation;
    this.activation_relu_or_gelu = a === F.relu || a instanceof ReLU ? 1 : a === F.gelu || a instanceof GELU ? 2 : 0;
  }

  forward(...args: PyArgs<[['src', Tensor], ['src_mask', Tensor | null, '?'], ['src_key_padding_mask', Tensor | null, '?'], ['is_causal', boolean, '?']]>): Tensor {
    let [src, src_mask, src_key_padding_mask, is_causal] = pyBind<[Tensor, Tensor | null, Tensor | null, boolean]>('TransformerEncoderLayer.forward', args,
      withHints(['src', 'src_mask', 'src_key_padding_mask'], ['is_causal']), { src_mask: null, src_key_padding_mask: null, is_causal: false });
    [src_key_padding_mask, src_mask] = paddingAndAttentionMasks(src_key_padding_mask, 'src_key_padding_mask', src_mask, 'src_mask', src.dtype);
    const call = { layer: this, src, src_mask, src_key_padding_mask };
    if (!whyNotLayerFastPath(call)) return transformerEncoderLayerFwd(call);
    return this.runForward(() => {
      let x = src;
      if (this.norm_first) {
        x = this.residual(x, this._sa_block(this.norm1(x), src_mask, src_key_padding_mask, is_causal));
        x = this.residual(x, this._ff_block(this.norm2(x)));
      } else {
        x = this.norm1(this.residual(x, this._sa_block(x, src_mask, src_key_padding_mask, is_causal)));
        x = this.norm2(this.residual(x, this._ff_block(x)));
      }
      return x;
    });
  }
  protected lastDropout(): Dropout { return this.dropout2; }
}

/** Self-attention, attention over the encoder's memory, then feed-forward; residuals and LayerNorm as the encoder layer's. */
export class TransformerDecoderLayer extends TransformerLayerBase {
  declare multihead_attn: MultiheadAttention;
  declare norm3: LayerNorm;
  declare dropout3: Dropout;
  constructor(...args: TransformerLayerArgs) { super(args, true); }

  forward(...args: PyArgs<[['tgt', Tensor], ['memory', Tensor], ['tgt_mask', Tensor | null, '?'], ['memory_mask', Tensor | null, '?'],
    ['tgt_key_padding_mask', Tensor | null, '?'], ['memory_key_padding_mask', Tensor | null, '?'], ['tgt_is_causal', boolean, '?'], ['memory_is_causal', boolean, '?']]>): Tensor {
    const [tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_is_causal, memory_is_causal] = pyBind<[Tensor, Tensor,
      Tensor | null, Tensor | null, Tensor | null, Tensor | null, boolean, boolean]>('TransformerDecoderLayer.forward', args, DECODER_FORWARD,
      { ...DECODER_FORWARD_DEFAULTS, tgt_is_causal: false, memory_is_causal: false });
    return this.runForward(() => {
      let x = tgt;
      if (this.norm_first) {
        x = this.residual(x, this._sa_block(this.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal));
        x = this.residual(x, this._mha_block(this.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal));
        x = this.residual(x, this._ff_block(this.norm3(x)));
      } else {
        x = this.norm1(this.residual(x, this._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal)));
        x = this.norm2(this.residual(x, this._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal)));
        x = this.norm3(this.residual(x, this._ff_block(x)));
      }
      return x;
    });
  }

  _mha_block(x: Tensor, mem: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal = false): Tensor {
    const [attended] = this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, need_weights: false, ...hintOptions({ is_causal }) });
    return this.freeing(attended, this.dropout2(attended));
  }
  protected lastDropout(): Dropout { return this.dropout3; }
}

/** The decoder layer's and decoder's forward parameters. */
const DECODER_FORWARD = withHints(['tgt', 'memory', 'tgt_mask', 'memory_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'],
  ['tgt_is_causal', 'memory_is_causal']);
const DECODER_FORWARD_DEFAULTS = { tgt_mask: null, memory_mask: null, tgt_key_padding_mask: null, memory_key_padding_mask: null };

/** PyTorch's _detect_is_causal_mask: the hint as given, else whether the mask is the causal one of `size` steps. */
function detectIsCausalMask(mask: Tensor | null, is_causal: boolean | null, size: number): boolean {
  if (is_causal !== null || mask === null) return is_causal === true;
  const causal = Transformer.generate_square_subsequent_mask(size, { device: mask.device, dtype: mask.dtype });
  return mask.dim() === 2 && mask.size(0) === size && mask.size(1) === size && mask.eq(causal).all().item() === true;
}

/** PyTorch's _get_seq_len, with batch_first read from the first layer's attention. */
function seqLen(src: Tensor, layers: ModuleList): number {
  if (src.dim() === 2) return src.size(0);
  const first = layers[0] as unknown as { self_attn?: { batch_first?: boolean } } | undefined;
  return src.size(first?.self_attn?.batch_first ? 1 : 0);
}

/** num_layers deep copies of a layer, as PyTorch's _get_clones. */
const clones = (layer: Module, n: number) => new ModuleList(Array.from({ length: n }, () => layer.clone()));

/** A stack of num_layers copies of encoder_layer, then norm (if given). */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  num_layers: number;
  /** Typed non-null; null at run time when no norm was given. */
  norm: Module;
  enable_nested_tensor: boolean;
  /** PyTorch 2.x: whether forward may run the layers on a nested tensor (enable_nested_tensor, unless the layer rules it out). */
  declare use_nested_tensor: boolean;
  mask_check: boolean;
  constructor(...args: PyArgs<[['encoder_layer', Module], ['num_layers', number], ['norm', Module | null, '?'], ['enable_nested_tensor', boolean, '?'],
    ['mask_check', boolean, '?']]>) {
    super();
    const [encoder_layer, num_layers, norm, enable_nested_tensor, mask_check] = pyBind<[Module, number, Module | null, boolean, boolean]>(
      'TransformerEncoder.__init__', args, ['encoder_layer', 'num_layers', 'norm', 'enable_nested_tensor', 'mask_check'],
      { norm: null, enable_nested_tensor: true, mask_check: true });
    this.layers = clones(encoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm ?? none();
    this.enable_nested_tensor = enable_nested_tensor;
    if (FASTPATH_2X) this.use_nested_tensor = enable_nested_tensor;
    this.mask_check = mask_check;
    if (FASTPATH_2X) {
      const why_not_sparsity_fast_path = whyNotNestedAtInit(encoder_layer instanceof TransformerEncoderLayer ? encoder_layer : null);
      if (enable_nested_tensor && why_not_sparsity_fast_path) {
        warnOnce(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why_not_sparsity_fast_path}`);
        this.use_nested_tensor = false;
      }
    }
  }
  forward(...args: PyArgs<[['src', Tensor], ['mask', Tensor | null, '?'], ['src_key_padding_mask', Tensor | null, '?'], ['is_causal', boolean | null, '?']]>): Tensor {
    let [src, mask, src_key_padding_mask, hint] = pyBind<[Tensor, Tensor | null, Tensor | null, boolean | null]>('TransformerEncoder.forward', args,
      withHints(['src', 'mask', 'src_key_padding_mask'], ['is_causal']), { mask: null, src_key_padding_mask: null, is_causal: null });
    [src_key_padding_mask, mask] = paddingAndAttentionMasks(src_key_padding_mask, 'src_key_padding_mask', mask, 'mask', src.dtype);
    let output = src;
    let src_key_padding_mask_for_layers = src_key_padding_mask;
    // the fast path: the layers run on the unpadded steps only, and padded positions come out 0
    const first = this.layers[0];
    const convert_to_nested = src_key_padding_mask !== null && !whyNotNestedEncoder({ encoder: this,
      first: first instanceof TransformerEncoderLayer ? first : null, src, mask, src_key_padding_mask });
    if (convert_to_nested) {
      output = nestedFromMask(output, src_key_padding_mask!);
      src_key_padding_mask_for_layers = null;
    }
    const hints = CAUSAL_HINTS ? { is_causal: detectIsCausalMask(mask, hint, seqLen(src, this.layers)) } : {};
    for (const mod of this.layers) output = mod(output, { src_mask: mask, src_key_padding_mask: src_key_padding_mask_for_layers, ...hints });
    if (convert_to_nested) output = toPadded(output, src);
    return this.norm !== null ? this.norm(output) : output;
  }
}

/** A stack of num_layers copies of decoder_layer, then norm (if given). */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  num_layers: number;
  /** Typed non-null; null at run time when no norm was given. */
  norm: Module;
  constructor(...args: PyArgs<[['decoder_layer', Module], ['num_layers', number], ['norm', Module | null, '?']]>) {
    super();
    const [decoder_layer, num_layers, norm] = pyBind<[Module, number, Module | null]>('TransformerDecoder.__init__', args,
      ['decoder_layer', 'num_layers', 'norm'], { norm: null });
    this.layers = clones(decoder_layer, num_layers);
    this.num_layers = num_layers;
    this.norm = norm ?? none();
  }
  forward(...args: PyArgs<[['tgt', Tensor], ['memory', Tensor], ['tgt_mask', Tensor | null, '?'], ['memory_mask', Tensor | null, '?'],
    ['tgt_key_padding_mask', Tensor | null, '?'], ['memory_key_padding_mask', Tensor | null, '?'], ['tgt_is_causal', boolean | null, '?'],
    ['memory_is_causal', boolean, '?']]>): Tensor {
    const [tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, tgt_hint, memory_is_causal] = pyBind<[Tensor, Tensor,
      Tensor | null, Tensor | null, Tensor | null, Tensor | null, boolean | null, boolean]>('TransformerDecoder.forward', args, DECODER_FORWARD,
      { ...DECODER_FORWARD_DEFAULTS, tgt_is_causal: null, memory_is_causal: false });
    const hints = hintOptions({ tgt_is_causal: CAUSAL_HINTS && detectIsCausalMask(tgt_mask, tgt_hint, seqLen(tgt, this.layers)), memory_is_causal });
    let output = tgt;
    for (const mod of this.layers) output = mod(output, memory, { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask, ...hints });
    return this.norm !== null ? this.norm(output) : output;
  }
}

/**
 * The encoder-decoder Transformer. Args: d_model=512, nhead=8, num_encoder_layers=6,
 * num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder,
 * custom_decoder, layer_norm_eps=1e-5, batch_first=false, norm_first=false, device, dtype.
 * `model(src, tgt, { src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask })`.
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  d_model: number;
  nhead: number;
  batch_first: boolean;
  constructor(...args: PyArgs<[['d_model', number, '?'], ['nhead', number, '?'], ['num_encoder_layers', number, '?'], ['num_decoder_layers', number, '?'],
    ['dim_feedforward', number, '?'], ['dropout', number, '?'], ['activation', Activation, '?'], ['custom_encoder', Module | null, '?'],
    ['custom_decoder', Module | null, '?'], ['layer_norm_eps', number, '?'], ['batch_first', boolean, '?'], ['norm_first', boolean, '?'], ...FactoryParams]>) {
    super();
    const names = ['d_model', 'nhead', 'num_encoder_layers', 'num_decoder_layers', 'dim_feedforward', 'dropout', 'activation', 'custom_encoder',
      'custom_decoder', 'layer_norm_eps', 'batch_first', 'norm_first', 'device', 'dtype'];
    const o = Object.fromEntries(pyBind<unknown[]>('Transformer.__init__', args, names, { d_model: 512, nhead: 8, num_encoder_layers: 6, num_decoder_layers: 6,
      dim_feedforward: 2048, dropout: 0.1, activation: 'relu', custom_encoder: null, custom_decoder: null, layer_norm_eps: 1e-5, batch_first: false,
      norm_first: false, ...FACTORY_DEFAULTS }).map((v, i) => [names[i], v])) as LayerBound & { num_encoder_layers: number; num_decoder_layers: number;
      custom_encoder: Module | null; custom_decoder: Module | null };
    const layerArgs = [o.d_model, o.nhead, o.dim_feedforward, o.dropout, o.activation, o.layer_norm_eps, o.batch_first, o.norm_first,
      { device: o.device, dtype: o.dtype }] as const;
    const fk = { eps: o.layer_norm_eps, device: o.device, dtype: o.dtype };
    this.encoder = o.custom_encoder
      ?? new TransformerEncoder(new TransformerEncoderLayer(...layerArgs), o.num_encoder_layers, new LayerNorm(o.d_model, fk));
    this.decoder = o.custom_decoder
      ?? new TransformerDecoder(new TransformerDecoderLayer(...layerArgs), o.num_decoder_layers, new LayerNorm(o.d_model, fk));
    this._reset_parameters();
    this.d_model = o.d_model;
    this.nhead = o.nhead;
    this.batch_first = o.batch_first;
  }

  forward(...args: PyArgs<[['src', Tensor], ['tgt', Tensor], ['src_mask', Tensor | null, '?'], ['tgt_mask', Tensor | null, '?'], ['memory_mask', Tensor | null, '?'],
    ['src_key_padding_mask', Tensor | null, '?'], ['tgt_key_padding_mask', Tensor | null, '?'], ['memory_key_padding_mask', Tensor | null, '?'],
    ['src_is_causal', boolean | null, '?'], ['tgt_is_causal', boolean | null, '?'], ['memory_is_causal', boolean, '?']]>): Tensor {
    const names = withHints(['src', 'tgt', 'src_mask', 'tgt_mask', 'memory_mask', 'src_key_padding_mask', 'tgt_key_padding_mask', 'memory_key_padding_mask'],
      ['src_is_causal', 'tgt_is_causal', 'memory_is_causal']);
    const [src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask, src_is_causal, tgt_is_causal,
      memory_is_causal] = pyBind<[Tensor, Tensor, Tensor | null, Tensor | null, Tensor | null, Tensor | null, Tensor | null, Tensor | null, boolean | null,
      boolean | null, boolean]>('Transformer.forward', args, names, { ...Object.fromEntries(names.slice(2).map((n) => [n, null])), memory_is_causal: false });
    const is_batched = src.dim() === 3;
    if (!this.batch_first && src.size(1) !== tgt.size(1) && is_batched) throw new TorchError('the batch number of src and tgt must be equal');
    if (this.batch_first && src.size(0) !== tgt.size(0) && is_batched) throw new TorchError('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) throw new TorchError('the feature number of src and tgt must be equal to d_model');
    const memory = this.encoder(src, { mask: src_mask, src_key_padding_mask, ...hintOptions({ is_causal: src_is_causal }) });
    return this.decoder(tgt, memory, { tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask,
      ...hintOptions({ tgt_is_causal, memory_is_causal }) });
  }

  /** A float mask (dtype: PyTorch 2's option) for a sequence of sz steps: -inf above the diagonal (step i sees steps 0..i), 0 elsewhere. */
  static generate_square_subsequent_mask(...args: PyArgs<[['sz', number], ['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?']]>): Tensor {
    const [sz, device, dt] = pyBind<[number, DeviceLike | null, dtype | null]>('generate_square_subsequent_mask', args, ['sz', 'device', 'dtype'], { device: 'cpu', dtype: null });
    return full([sz, sz], -Infinity, factory(device, dt)).triu(1);
  }

  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
  }
}
