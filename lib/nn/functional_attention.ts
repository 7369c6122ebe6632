// F.multi_head_attention_forward (PyTorch's nn/functional.py of the running release, step for step)
// and F.scaled_dot_product_attention (ATen's where the LibTorch has it, PyTorch's composite otherwise).
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { zeros, ones, cat } from '../creation';
import { bool, uint8 } from '../dtype';
import { callAten, schemas } from '../ops/dispatch';
import { schemaArgumentMessage } from '../ops/arg_errors';
import { pyBind } from '../python/binder';
import { trailingOptions } from '../python/options';
import { warnOnce } from '../python/warnings';
import { tidy, consumed } from '../memory';
import { forRelease } from '../release';
import { linear, softmax, dropout, pad } from './functional';
import { canonicalMask, noneOrDtype } from './canonical_mask';

const assert = (cond: boolean, message: string): void => { if (!cond) throw new TorchError(message, 'AssertionError'); };
const pyShape = (s: number[]) => `torch.Size([${s.join(', ')}])`;
const pyTuple = (s: number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

// PyTorch 2.x's multi_head_attention_forward: masks made float up front (canonical_mask.ts), the
// is_causal hint, a (3, ..., E) packed projection, scaled_dot_product_attention when no weights
// are asked for, and mean() over heads.
const MHA_2X = forRelease([['1.13', false], ['2.0', true]]);
// The messages for bias_k without bias_v and the reverse (bare asserts before 2.14).
const LONE_BIAS_KV = forRelease([['1.13', ['bias_k and bias_v must both be given or both be None', 'bias_k and bias_v must both be given or both be None']],
  ['2.14', ['bias_k is set but bias_v is None', 'bias_v is set but bias_k is None']]]);

let atenSdpa: boolean | undefined;
function hasAtenSdpa(): boolean {
  if (atenSdpa === undefined) {
    try { atenSdpa = schemas('scaled_dot_product_attention').length > 0; } catch { atenSdpa = false; }
  }
  return atenSdpa;
}

// PyTorch binds F.scaled_dot_product_attention from ATen's schema (torch._C._nn); where the LibTorch
// has no such op (1.13) the composite below takes PyTorch 2.0's signature.
const COMPOSITE_SDPA_SCHEMA = 'aten::scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, float dropout_p=0.0, bool is_causal=False, *, float? scale=None) -> Tensor';

/**
 * softmax(q kᵀ * scale + mask) v over the last two dims, with dropout on the weights. attn_mask: bool
 * (true = may attend) or float (added); is_causal masks the upper triangle; scale defaults to
 * 1/sqrt(E); enable_gqa (LibTorch 2.5 on) lets key/value have fewer heads than the query.
 * Shapes: query (N, ..., L, E), key (N, ..., S, E), value (N, ..., S, Ev) -> (N, ..., L, Ev).
 */
export function scaled_dot_product_attention(...args: PyArgs<[['query', Tensor], ['key', Tensor], ['value', Tensor], ['attn_mask', Tensor | null, '?'],
  ['dropout_p', number, '?'], ['is_causal', boolean, '?']], { scale?: number | null; enable_gqa?: boolean }>): Tensor {
  const schema = hasAtenSdpa() ? schemas('scaled_dot_product_attention')[0] : COMPOSITE_SDPA_SCHEMA;
  const options = trailingOptions(args);
  let end = options === undefined ? args.length : (args as unknown[]).lastIndexOf(options);
  while (end > 0 && args[end - 1] === undefined) end--;
  const positional = args.slice(0, end);
  const message = schemaArgumentMessage('scaled_dot_product_attention', schema, positional, options ?? null);
  if (message !== null) throw new TypeError(message);
  if (hasAtenSdpa()) return callAten('scaled_dot_product_attention', [...positional, ...(options === undefined ? [] : [options])]);
  const [query, key, value, attn_mask, dropout_p, is_causal, scale] = pyBind<[Tensor, Tensor, Tensor, Tensor | null, number, boolean, number | null]>(
    'scaled_dot_product_attention', args, ['query', 'key', 'value', 'attn_mask', 'dropout_p', 'is_causal'],
    { attn_mask: null, dropout_p: 0.0, is_causal: false, scale: null }, ['scale']);
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

/**
 * q, k, v projected by one packed (3E, E) weight; shared projections when key/value are the same
 * tensor, as PyTorch does. PyTorch 2.x lays a shared projection out as (3, ..., E) and hands back
 * contiguous slices; 1.13 chunks it along E.
 */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const E = q.size(-1);
  if (k === v) {
    // The slices hold the projection's memory; freeing each step's handle lets it go with them.
    const slices = (packed: Tensor, n: number): Tensor[] => {
      if (!MHA_2X) return consumed(packed, packed.chunk(n, -1));
      const steps = [(t: Tensor) => t.unflatten(-1, [n, E]), (t: Tensor) => t.unsqueeze(0), (t: Tensor) => t.transpose(0, -2),
        (t: Tensor) => t.squeeze(-2), (t: Tensor) => t.contiguous()];
      const laid = steps.reduce((t, step) => consumed(t, step(t)), packed);
      return consumed(laid, Array.from({ length: n }, (_, i) => laid.select(0, i)));
    };
    if (q === k) return slices(linear(q, w, b), 3);
    const [w_q, w_kv] = w.split([E, E * 2]);
    const [b_q, b_kv] = b === null ? [null, null] : b.split([E, E * 2]);
    return [linear(q, w_q, b_q), ...slices(linear(k, w_kv, b_kv), 2)];
  }
  const [w_q, w_k, w_v] = w.chunk(3);
  const [b_q, b_k, b_v] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)];
}

/** PyTorch's _in_projection: three projections, each weight and bias checked against the embedding sizes. */
function inProjection(q: Tensor, k: Tensor, v: Tensor, w_q: Tensor, w_k: Tensor, w_v: Tensor, b_q: Tensor | null, b_k: Tensor | null, b_v: Tensor | null): Tensor[] {
  const [Eq, Ek, Ev] = [q.size(-1), k.size(-1), v.size(-1)];
  const check = (t: Tensor | null, want: number[], what: string) => {
    if (t !== null && !sameShape(t.shape, want)) throw new TorchError(`expecting ${what} shape of ${pyTuple(want)}, but got ${pyShape(t.shape)}`, 'AssertionError');
  };
  check(w_q, [Eq, Eq], 'query weights');
  check(w_k, [Eq, Ek], 'key weights');
  check(w_v, [Eq, Ev], 'value weights');
  check(b_q, [Eq], 'query bias');
  check(b_k, [Eq], 'key bias');
  check(b_v, [Eq], 'value bias');
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
  let { query, key, value, key_padding_mask, attn_mask, dropout_p, is_causal } = o;
  const { num_heads, in_proj_bias, bias_k, bias_v, static_k, static_v, need_weights } = o;
  const is_batched = mhaShapeCheck(query, key, value, key_padding_mask, attn_mask, num_heads);
  if (!is_batched) {
    query = query.unsqueeze(1);
    key = key.unsqueeze(1);
    value = value.unsqueeze(1);
    if (key_padding_mask !== null) key_padding_mask = key_padding_mask.unsqueeze(0);
  }
  const [tgt_len, bsz, embed_dim] = query.shape;
  const src_len0 = key.size(0);
  if (MHA_2X) {
    // Both masks become float (-inf where a bool one is true) up front; a causal hint without
    // padding or weights to compute stands in for the mask.
    key_padding_mask = canonicalMask(key_padding_mask, 'key_padding_mask', noneOrDtype(attn_mask), 'attn_mask', query.dtype);
    if (is_causal && attn_mask === null) {
      throw new TorchError('Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.');
    }
    if (is_causal && key_padding_mask === null && !need_weights) {
      attn_mask = null;
    } else {
      attn_mask = canonicalMask(attn_mask, 'attn_mask', null, '', query.dtype, false);
      if (key_padding_mask !== null) is_causal = false;  // the merged mask is no longer causal
    }
  } else if (key_padding_mask !== null && key_padding_mask.dtype !== bool && !key_padding_mask.is_floating_point()) {
    throw new TorchError('only bool and floating types of key_padding_mask are supported', 'AssertionError');
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
    [q, k, v] = inProjection(query, key, value, o.q_proj_weight!, o.k_proj_weight!, o.v_proj_weight!, b_q, b_k, b_v);
  }

  if (attn_mask !== null) {
    if (!MHA_2X) {
      if (attn_mask.dtype === uint8) {
        warnOnce('Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.');
        attn_mask = attn_mask.to(bool);
      } else {
        assert(attn_mask.is_floating_point() || attn_mask.dtype === bool, `Only float, byte, and bool types are supported for attn_mask, not ${attn_mask.dtype}`);
      }
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
    assert(bias_k === null, LONE_BIAS_KV[0]);
    assert(bias_v === null, LONE_BIAS_KV[1]);
  }

  // q, k and v are this function's own here (projections): each is freed once reshaped. 1.13's
  // chunks need a copy first; 2.x's projections are contiguous already.
  const heads = (t: Tensor, len: number): Tensor => consumed(t, (MHA_2X ? t : t.contiguous()).view(len, bsz * num_heads, head_dim).transpose(0, 1));
  q = heads(q, tgt_len);
  const fixed = (t: Tensor, given: Tensor | null, what: string): Tensor => {
    if (given === null) return heads(t, t.size(0));
    assert(given.size(0) === bsz * num_heads, `expecting ${what}.size(0) of ${bsz * num_heads}, but got ${given.size(0)}`);
    assert(given.size(2) === head_dim, `expecting ${what}.size(2) of ${head_dim}, but got ${given.size(2)}`);
    return given;
  };
  k = fixed(k, static_k, 'static_k');
  v = fixed(v, static_v, 'static_v');

  if (o.add_zero_attn) {
    const zero_attn_shape = [bsz * num_heads, 1, head_dim];
    k = cat([k, zeros(zero_attn_shape, { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros(zero_attn_shape, { dtype: v.dtype, device: v.device })], 1);
    if (attn_mask !== null) attn_mask = pad(attn_mask, [0, 1]);
    if (key_padding_mask !== null) key_padding_mask = pad(key_padding_mask, [0, 1]);
  }
  const src_len = k.size(1);

  if (key_padding_mask !== null) {
    if (MHA_2X) {
      const checks: [number, number][] = [[0, bsz], [1, src_len]];
      for (const [d, want] of checks) {
        if (key_padding_mask.size(d) !== want) throw new TorchError(`Expected key_padded_mask.shape[${d}] to be ${want}, but got ${key_padding_mask.size(d)}`, 'AssertionError');
      }
    } else {
      assert(sameShape(key_padding_mask.shape, [bsz, src_len]), `expecting key_padding_mask shape of (${bsz}, ${src_len}), but got ${pyShape(key_padding_mask.shape)}`);
    }
    key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(bsz * num_heads, 1, src_len);
    if (attn_mask === null) attn_mask = key_padding_mask;
    else if (MHA_2X) attn_mask = attn_mask.add(key_padding_mask);
    else if (attn_mask.dtype === bool) attn_mask = attn_mask.logical_or(key_padding_mask);
    else attn_mask = attn_mask.masked_fill(key_padding_mask, -Infinity);
  }
  if (!MHA_2X && attn_mask !== null && attn_mask.dtype === bool) {
    attn_mask = zeros(attn_mask.shape, { dtype: q.dtype, device: q.device }).masked_fill_(attn_mask, -Infinity);
  }
  if (!o.training) dropout_p = 0.0;

  const finish = (merged: Tensor): Tensor => {
    const out = linear(merged, o.out_proj_weight, o.out_proj_bias);
    const attn_output = consumed(out, out.view(tgt_len, bsz, out.size(1)));
    return is_batched ? attn_output : attn_output.squeeze(1);
  };
  if (MHA_2X && !need_weights) {
    // PyTorch 2.x hands the heads to scaled_dot_product_attention as (N, heads, L, E / heads).
    if (attn_mask !== null) attn_mask = attn_mask.size(0) === 1 && attn_mask.dim() === 3 ? attn_mask.unsqueeze(0) : attn_mask.view(bsz, num_heads, -1, src_len);
    // Freed once used, as 2.14 deletes them: static_k/static_v are the caller's and stay.
    const own = (t: Tensor, result: Tensor | null) => (t === static_k || t === static_v ? result : consumed(t, result));
    q = own(q, q.view(bsz, num_heads, tgt_len, head_dim))!;
    k = own(k, k.view(bsz, num_heads, src_len, head_dim))!;
    v = own(v, v.view(bsz, num_heads, src_len, head_dim))!;
    const per_head: Tensor = callAten('scaled_dot_product_attention', [q, k, v, attn_mask, dropout_p, is_causal]);
    for (const t of [q, k, v]) consumed(t, null);
    const merged = per_head.permute(2, 0, 1, 3);
    return [finish(consumed(per_head, consumed(merged, merged.contiguous())).view(bsz * tgt_len, embed_dim)), null];
  }

  let weights: Tensor;
  if (MHA_2X) {
    assert(!(is_causal && attn_mask === null), 'FIXME: is_causal not implemented for need_weights');
    const q_scaled = q.mul(Math.sqrt(1.0 / q.size(2)));
    const kT = k.transpose(-2, -1);
    weights = consumed(q_scaled, attn_mask !== null ? attn_mask.baddbmm(q_scaled, kT) : q_scaled.bmm(kT));
  } else {
    const q_scaled = q.div(Math.sqrt(q.size(2)));
    weights = attn_mask !== null ? attn_mask.baddbmm(q_scaled, k.transpose(-2, -1)) : q_scaled.bmm(k.transpose(-2, -1));
  }
  weights = consumed(weights, softmax(weights, -1));  // softmax's backward keeps its output, not its input
  if (dropout_p > 0.0) weights = dropout(weights, dropout_p);
  const per_head = weights.bmm(v);
  const merged = per_head.transpose(0, 1);
  const attn_output = finish(consumed(per_head, consumed(merged, merged.contiguous())).view(tgt_len * bsz, embed_dim));
  if (!need_weights) return [attn_output, null];
  weights = weights.view(bsz, num_heads, tgt_len, src_len);
  // PyTorch 2.x averages with mean(); 1.13 summed and divided
  if (o.average_attn_weights) weights = MHA_2X ? weights.mean(1) : weights.sum(1).div(num_heads);
  return [attn_output, is_batched ? weights : weights.squeeze(0)];
}
