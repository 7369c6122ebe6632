// F.multi_head_attention_forward (PyTorch 1.13's nn/functional.py, step for step) and
// F.scaled_dot_product_attention (ATen's where the LibTorch has it, PyTorch's composite otherwise).
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { zeros, ones, cat } from '../creation';
import { bool, uint8 } from '../dtype';
import { callAten, schemas } from '../ops/dispatch';
import { pyBind } from '../python/binder';
import { tidy, consumed } from '../memory';
import { typeName } from '../python/typename';
import { forRelease } from '../release';
import { linear, softmax, dropout, pad } from './functional';

const assert = (cond: boolean, message: string): void => { if (!cond) throw new TorchError(message, 'AssertionError'); };
const pyShape = (s: number[]) => `torch.Size([${s.join(', ')}])`;
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

let atenSdpa: boolean | undefined;
function hasAtenSdpa(): boolean {
  if (atenSdpa === undefined) {
    try { atenSdpa = schemas('scaled_dot_product_attention').length > 0; } catch { atenSdpa = false; }
  }
  return atenSdpa;
}

/**
 * softmax(q kᵀ * scale + mask) v over the last two dims, with dropout on the weights. attn_mask: bool
 * (true = may attend) or float (added); is_causal masks the upper triangle; scale defaults to
 * 1/sqrt(E). Shapes: query (N, ..., L, E), key (N, ..., S, E), value (N, ..., S, Ev) -> (N, ..., L, Ev).
 */
export function scaled_dot_product_attention(...args: PyArgs<[['query', Tensor], ['key', Tensor], ['value', Tensor], ['attn_mask', Tensor | null, '?'],
  ['dropout_p', number, '?'], ['is_causal', boolean, '?']], { scale?: number | null }>): Tensor {
  const [query, key, value, attn_mask, dropout_p, is_causal, scale] = pyBind<[Tensor, Tensor, Tensor, Tensor | null, number, boolean, number | null]>(
    'scaled_dot_product_attention', args, ['query', 'key', 'value', 'attn_mask', 'dropout_p', 'is_causal'],
    { attn_mask: null, dropout_p: 0.0, is_causal: false, scale: null }, ['scale']);
  ([['query', query], ['key', key], ['value', value]] as const).forEach(([name, t], i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`scaled_dot_product_attention(): argument '${name}' (position ${i + 1}) must be Tensor, not ${typeName(t)}`);
  });
  if (hasAtenSdpa()) {
    return callAten('scaled_dot_product_attention', [query, key, value, attn_mask, dropout_p, is_causal, ...(scale === null ? [] : [{ scale }])]);
  }
  const L = query.size(-2), S = key.size(-2);
  const scale_factor = scale === null ? 1 / Math.sqrt(query.size(-1)) : scale;
  let weights: Tensor = query.matmul(key.transpose(-2, -1)).mul(scale_factor);
  if (is_causal) {
    assert(attn_mask === null, 'is_causal expects attn_mask to be None');
    const causal = ones([L, S], { dtype: bool, device: query.device }).tril(0);
    weights = weights.masked_fill(causal.logical_not(), -Infinity);
  }
  if (attn_mask !== null) {
    weights = attn_mask.dtype === bool ? weights.masked_fill(attn_mask.logical_not(), -Infinity) : weights.add(attn_mask);
  }
  weights = softmax(weights, -1);
  if (dropout_p > 0) weights = dropout(weights, dropout_p, true);
  return weights.matmul(value);
}

/** q, k, v projected by one packed (3E, E) weight; shared projections when key/value are the same tensor, as PyTorch does. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const E = q.size(-1);
  if (k === v) {
    // The chunks hold the projection's memory; freeing the whole's handle now lets it go with them.
    const chunks = (packed: Tensor, n: number): Tensor[] => consumed(packed, packed.chunk(n, -1));
    if (q === k) return chunks(linear(q, w, b), 3);
    const [w_q, w_kv] = w.split([E, E * 2]);
    const [b_q, b_kv] = b === null ? [null, null] : b.split([E, E * 2]);
    return [linear(q, w_q, b_q), ...chunks(linear(k, w_kv, b_kv), 2)];
  }
  const [w_q, w_k, w_v] = w.chunk(3);
  const [b_q, b_k, b_v] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)];
}

/** PyTorch's _mha_shape_check: whether the query is batched, with its assertion messages. */
function mhaShapeCheck(query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Tensor | null, attn_mask: Tensor | null, num_heads: number): boolean {
  const batched = query.dim() === 3;
  if (query.dim() !== 3 && query.dim() !== 2) throw new TorchError(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`, 'AssertionError');
  const [kind, d] = batched ? ['batched (3-D)', 3] : ['unbatched (2-D)', 2];
  assert(key.dim() === d && value.dim() === d, `For ${kind} \`query\`, expected \`key\` and \`value\` to be ${d}-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`);
  if (key_padding_mask !== null) {
    assert(key_padding_mask.dim() === d - 1, `For ${kind} \`query\`, expected \`key_padding_mask\` to be \`None\` or ${d - 1}-D but found ${key_padding_mask.dim()}-D tensor instead`);
  }
  if (attn_mask !== null) {
    assert(attn_mask.dim() === 2 || attn_mask.dim() === 3, `For ${kind} \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attn_mask.dim()}-D tensor instead`);
    if (!batched && attn_mask.dim() === 3) {
      const expected = [num_heads, query.size(0), key.size(0)];
      assert(sameShape(attn_mask.shape, expected), `Expected \`attn_mask\` shape to be (${expected.join(', ')}) but got ${pyShape(attn_mask.shape)}`);
    }
  }
  return batched;
}

export type MultiHeadAttentionForwardArgs = PyArgs<[['query', Tensor], ['key', Tensor], ['value', Tensor], ['embed_dim_to_check', number], ['num_heads', number],
  ['in_proj_weight', Tensor | null], ['in_proj_bias', Tensor | null], ['bias_k', Tensor | null], ['bias_v', Tensor | null], ['add_zero_attn', boolean],
  ['dropout_p', number], ['out_proj_weight', Tensor], ['out_proj_bias', Tensor | null], ['training', boolean, '?'], ['key_padding_mask', Tensor | null, '?'],
  ['need_weights', boolean, '?'], ['attn_mask', Tensor | null, '?'], ['use_separate_proj_weight', boolean, '?'], ['q_proj_weight', Tensor | null, '?'],
  ['k_proj_weight', Tensor | null, '?'], ['v_proj_weight', Tensor | null, '?'], ['static_k', Tensor | null, '?'], ['static_v', Tensor | null, '?'],
  ['average_attn_weights', boolean, '?'], ['is_causal', boolean, '?']]>;
const MHA_NAMES = ['query', 'key', 'value', 'embed_dim_to_check', 'num_heads', 'in_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'add_zero_attn',
  'dropout_p', 'out_proj_weight', 'out_proj_bias', 'training', 'key_padding_mask', 'need_weights', 'attn_mask', 'use_separate_proj_weight',
  'q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'static_k', 'static_v', 'average_attn_weights',
  // PyTorch 2.x's hint that attn_mask is causal: it picks a kernel there, with the same result as the mask's
  ...forRelease([['1.13', []], ['2.0', ['is_causal']]])];
const MHA_DEFAULTS = { training: true, key_padding_mask: null, need_weights: true, attn_mask: null, use_separate_proj_weight: false,
  q_proj_weight: null, k_proj_weight: null, v_proj_weight: null, static_k: null, static_v: null, average_attn_weights: true, is_causal: false };
type MhaBound = { query: Tensor; key: Tensor; value: Tensor; embed_dim_to_check: number; num_heads: number; in_proj_weight: Tensor | null;
  in_proj_bias: Tensor | null; bias_k: Tensor | null; bias_v: Tensor | null; add_zero_attn: boolean; dropout_p: number; out_proj_weight: Tensor;
  out_proj_bias: Tensor | null; training: boolean; key_padding_mask: Tensor | null; need_weights: boolean; attn_mask: Tensor | null;
  use_separate_proj_weight: boolean; q_proj_weight: Tensor | null; k_proj_weight: Tensor | null; v_proj_weight: Tensor | null;
  static_k: Tensor | null; static_v: Tensor | null; average_attn_weights: boolean; is_causal: boolean };

/**
 * Multi-head attention over (L, N, E) query and (S, N, E) key/value (or unbatched (L, E)/(S, E)):
 * returns `[attn_output (L, N, E), attn_weights (N, L, S) averaged over heads, or (N, heads, L, S); null when need_weights=false]`.
 */
export function multi_head_attention_forward(...args: MultiHeadAttentionForwardArgs): [Tensor, Tensor | null] {
  // No user code runs in here, so nothing outside can hold the intermediates: free their JS
  // references on return, as Python's refcounts do. Those the graph saved are then freed while
  // backward runs, and their blocks are reused while in cache instead of after the next young
  // collection (a Transformer step: 8% fewer last-level cache misses under callgrind).
  return tidy(() => attentionForward(args));
}

function attentionForward(args: MultiHeadAttentionForwardArgs): [Tensor, Tensor | null] {
  const o = Object.fromEntries(pyBind<unknown[]>('multi_head_attention_forward', args, MHA_NAMES, MHA_DEFAULTS).map((v, i) => [MHA_NAMES[i], v])) as MhaBound;
  let { query, key, value, key_padding_mask, attn_mask, dropout_p } = o;
  const { num_heads, in_proj_bias, bias_k, bias_v, static_k, static_v } = o;
  const is_batched = mhaShapeCheck(query, key, value, key_padding_mask, attn_mask, num_heads);
  if (!is_batched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (key_padding_mask !== null) key_padding_mask = key_padding_mask.unsqueeze(0);
  }
  const [tgt_len, bsz, embed_dim] = query.shape;
  const src_len0 = key.size(0);
  if (key_padding_mask !== null && key_padding_mask.dtype !== bool && !key_padding_mask.is_floating_point()) {
    throw new TorchError('only bool and floating types of key_padding_mask are supported', 'AssertionError');
  }
  if (o.is_causal && attn_mask === null) {
    throw new TorchError('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
  }
  assert(embed_dim === o.embed_dim_to_check, `was expecting embedding dimension of ${o.embed_dim_to_check}, but got ${embed_dim}`);
  const head_dim = Math.floor(embed_dim / num_heads);
  assert(head_dim * num_heads === embed_dim, `embed_dim ${embed_dim} not divisible by num_heads ${num_heads}`);
  if (o.use_separate_proj_weight) {
    assert(sameShape(key.shape.slice(0, 2), value.shape.slice(0, 2)), `key's sequence and batch dims ${pyShape(key.shape.slice(0, 2))} do not match value's ${pyShape(value.shape.slice(0, 2))}`);
  } else {
    assert(sameShape(key.shape, value.shape), `key shape ${pyShape(key.shape)} does not match value shape ${pyShape(value.shape)}`);
  }

  let q: Tensor, k: Tensor, v: Tensor;
  if (!o.use_separate_proj_weight) {
    assert(o.in_proj_weight !== null, 'use_separate_proj_weight is False but in_proj_weight is None');
    [q, k, v] = inProjectionPacked(query, key, value, o.in_proj_weight!, in_proj_bias);
  } else {
    assert(o.q_proj_weight !== null, 'use_separate_proj_weight is True but q_proj_weight is None');
    assert(o.k_proj_weight !== null, 'use_separate_proj_weight is True but k_proj_weight is None');
    assert(o.v_proj_weight !== null, 'use_separate_proj_weight is True but v_proj_weight is None');
    const [b_q, b_k, b_v] = in_proj_bias === null ? [null, null, null] : in_proj_bias.chunk(3);
    [q, k, v] = [linear(query, o.q_proj_weight!, b_q), linear(key, o.k_proj_weight!, b_k), linear(value, o.v_proj_weight!, b_v)];
  }

  if (attn_mask !== null) {
    if (attn_mask.dtype === uint8) {
      process.emitWarning('Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.', 'UserWarning');
      attn_mask = attn_mask.to(bool);
    } else {
      assert(attn_mask.is_floating_point() || attn_mask.dtype === bool, `Only float, byte, and bool types are supported for attn_mask, not ${attn_mask.dtype}`);
    }
    if (attn_mask.dim() === 2) {
      if (!sameShape(attn_mask.shape, [tgt_len, src_len0])) throw new TorchError(`The shape of the 2D attn_mask is ${pyShape(attn_mask.shape)}, but should be (${tgt_len}, ${src_len0}).`);
      attn_mask = attn_mask.unsqueeze(0);
    } else if (attn_mask.dim() === 3) {
      const want = [bsz * num_heads, tgt_len, src_len0];
      if (!sameShape(attn_mask.shape, want)) throw new TorchError(`The shape of the 3D attn_mask is ${pyShape(attn_mask.shape)}, but should be (${want.join(', ')}).`);
    } else {
      throw new TorchError(`attn_mask's dimension ${attn_mask.dim()} is not supported`);
    }
  }

  if (bias_k !== null && bias_v !== null) {
    assert(static_k === null, 'bias cannot be added to static key.');
    assert(static_v === null, 'bias cannot be added to static value.');
    k = cat([k, bias_k.repeat(1, bsz, 1)]);
    v = cat([v, bias_v.repeat(1, bsz, 1)]);
    if (attn_mask !== null) attn_mask = pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = pad(key_padding_mask, [0, 1]);
  } else {
    assert(bias_k === null && bias_v === null, 'bias_k and bias_v must both be given or both be None');
  }

  // q, k and v are this function's own here (projections): each is freed once reshaped.
  q = consumed(q, q.contiguous().view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1));
  const heads = (t: Tensor, fixed: Tensor | null, what: string): Tensor => {
    if (fixed === null) return consumed(t, t.contiguous().view(t.size(0), bsz * num_heads, head_dim).transpose(0, 1));
    assert(fixed.size(0) === bsz * num_heads, `expecting ${what}.size(0) of ${bsz * num_heads}, but got ${fixed.size(0)}`);
    assert(fixed.size(2) === head_dim, `expecting ${what}.size(2) of ${head_dim}, but got ${fixed.size(2)}`);
    return fixed;
  };
  k = heads(k, static_k, 'static_k');
  v = heads(v, static_v, 'static_v');

  if (o.add_zero_attn) {
    const zero_attn_shape = [bsz * num_heads, 1, head_dim];
    k = cat([k, zeros(zero_attn_shape, { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros(zero_attn_shape, { dtype: v.dtype, device: v.device })], 1);
    if (attn_mask !== null) attn_mask = pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = pad(key_padding_mask, [0, 1]);
  }
  const src_len = k.size(1);

  if (key_padding_mask !== null) {
    assert(sameShape(key_padding_mask.shape, [bsz, src_len]), `expecting key_padding_mask shape of (${bsz}, ${src_len}), but got ${pyShape(key_padding_mask.shape)}`);
    key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len);
    if (attn_mask === null) attn_mask = key_padding_mask;
    else if (attn_mask.dtype === bool) attn_mask = attn_mask.logical_or(key_padding_mask);
    else attn_mask = attn_mask.masked_fill(key_padding_mask, -Infinity);
  }
  if (attn_mask !== null && attn_mask.dtype === bool) {
    attn_mask = zeros(attn_mask.shape, { dtype: q.dtype, device: q.device }).masked_fill_(attn_mask, -Infinity);
  }
  if (!o.training) dropout_p = 0.0;

  const q_scaled = q.div(Math.sqrt(q.size(2)));
  let weights: Tensor = attn_mask !== null ? attn_mask.baddbmm(q_scaled, k.transpose(-2, -1)) : q_scaled.bmm(k.transpose(-2, -1));
  weights = consumed(weights, softmax(weights, -1));  // softmax's backward keeps its output, not its input
  if (dropout_p > 0.0) weights = dropout(weights, dropout_p);
  const per_head = weights.bmm(v);
  const merged = per_head.transpose(0, 1);
  let attn_output = consumed(per_head, consumed(merged, merged.contiguous())).view(tgt_len * bsz, embed_dim);
  attn_output = linear(attn_output, o.out_proj_weight, o.out_proj_bias);
  attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1));
  if (!o.need_weights) return [is_batched ? attn_output : attn_output.squeeze(1), null];
  weights = weights.view(bsz, num_heads, tgt_len, src_len);
  if (o.average_attn_weights) weights = weights.sum(1).div(num_heads);
  if (!is_batched) return [attn_output.squeeze(1), weights.squeeze(0)];
  return [attn_output, weights];
}
