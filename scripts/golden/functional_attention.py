"""Golden values for test/functional_attention.test.ts: F.multi_head_attention_forward called directly
over each mask kind and shape, with need_weights True and False (PyTorch 2.x runs
scaled_dot_product_attention for False), is_causal hints where the release has them, outputs and the
gradients of sum_k (out_k * linspace(-1, 1)).sum() w.r.t. every tensor marked for them, the warnings
each call gives (dropout draws after torch.manual_seed(seed)); the errors of bad masks and weights
and of F.scaled_dot_product_attention's binding.

A case's tensors are drawn from one seeded generator; a call refers to them as {"$t": name} (the same
name where PyTorch gets the same tensor: self-attention). A case the release rejects records its error.
Run with each release's PyTorch: /usr/bin/python3 scripts/golden/functional_attention.py (1.13), and
bash scripts/libtorch2 trixie|sid golden functional_attention (2.6, 2.14)."""

import warnings

import torch
import torch.nn.functional as F

import encode

E, H, L, S, N = 8, 2, 4, 5, 3


def causal(n, m):
    return torch.ones(n, m, dtype=torch.bool).triu(1)


def pad_mask(lengths, s):
    return torch.arange(s).expand(len(lengths), s) >= torch.tensor(lengths).unsqueeze(1)


def float_mask(bool_mask):
    return torch.zeros(bool_mask.shape).masked_fill(bool_mask, float('-inf'))


# name, tensors ({name: shape} drawn in order, or a fixed tensor), names whose gradients are recorded,
# the positional call (query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
# bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias) and keyword arguments.
PACKED = ['x', 'x', 'x', E, H, 'w_in', 'b_in', None, None, False, 0.0, 'w_out', 'b_out']
PACKED_TENSORS = {'x': [L, N, E], 'w_in': [3 * E, E], 'b_in': [3 * E], 'w_out': [E, E], 'b_out': [E]}
PACKED_GRADS = ['x', 'w_in', 'b_in', 'w_out', 'b_out']
CASES = [
    ('self-attention need_weights', PACKED_TENSORS, PACKED_GRADS, PACKED, {'training': False}),
    ('self-attention need_weights false', PACKED_TENSORS, PACKED_GRADS, PACKED, {'training': False, 'need_weights': False}),
    ('training dropout 0 need_weights false', PACKED_TENSORS, PACKED_GRADS, PACKED, {'need_weights': False}),
    ('training dropout 0.3 need_weights false', PACKED_TENSORS, PACKED_GRADS, PACKED[:10] + [0.3] + PACKED[11:], {'need_weights': False}),
    ('training dropout 0.3 need_weights', PACKED_TENSORS, PACKED_GRADS, PACKED[:10] + [0.3] + PACKED[11:], {}),
    ('bool attn_mask', {**PACKED_TENSORS, 'm': causal(L, L)}, PACKED_GRADS, PACKED, {'attn_mask': 'm'}),
    ('bool attn_mask need_weights false', {**PACKED_TENSORS, 'm': causal(L, L)}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'need_weights': False}),
    ('float attn_mask per-head weights', {**PACKED_TENSORS, 'm': [L, L]}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'average_attn_weights': False}),
    ('3-D float attn_mask need_weights false', {**PACKED_TENSORS, 'm': [N * H, L, L]}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'need_weights': False}),
    ('bool key_padding_mask', {**PACKED_TENSORS, 'kpm': pad_mask([4, 2, 3], L)}, PACKED_GRADS, PACKED, {'key_padding_mask': 'kpm'}),
    ('bool key_padding_mask need_weights false', {**PACKED_TENSORS, 'kpm': pad_mask([4, 2, 3], L)}, PACKED_GRADS, PACKED,
     {'key_padding_mask': 'kpm', 'need_weights': False}),
    ('float key_padding_mask need_weights false', {**PACKED_TENSORS, 'kpm': float_mask(pad_mask([3, 4, 1], L))}, PACKED_GRADS, PACKED,
     {'key_padding_mask': 'kpm', 'need_weights': False}),
    ('bool key_padding_mask and float attn_mask', {**PACKED_TENSORS, 'kpm': pad_mask([4, 2, 3], L), 'm': [L, L]}, PACKED_GRADS, PACKED,
     {'key_padding_mask': 'kpm', 'attn_mask': 'm', 'need_weights': False}),
    ('bool masks both need_weights false', {**PACKED_TENSORS, 'kpm': pad_mask([4, 2, 3], L), 'm': causal(L, L)}, PACKED_GRADS, PACKED,
     {'key_padding_mask': 'kpm', 'attn_mask': 'm', 'need_weights': False}),
    ('float masks both', {**PACKED_TENSORS, 'kpm': float_mask(pad_mask([4, 2, 3], L)), 'm': [L, L]}, PACKED_GRADS, PACKED,
     {'key_padding_mask': 'kpm', 'attn_mask': 'm'}),
    ('is_causal need_weights false', {**PACKED_TENSORS, 'm': causal(L, L)}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'is_causal': True, 'need_weights': False}),
    ('is_causal need_weights', {**PACKED_TENSORS, 'm': causal(L, L)}, PACKED_GRADS, PACKED, {'attn_mask': 'm', 'is_causal': True}),
    ('is_causal with key_padding_mask', {**PACKED_TENSORS, 'm': causal(L, L), 'kpm': pad_mask([4, 2, 3], L)}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'key_padding_mask': 'kpm', 'is_causal': True, 'need_weights': False}),
    ('is_causal without attn_mask', PACKED_TENSORS, PACKED_GRADS, PACKED, {'is_causal': True, 'need_weights': False}),
    ('unbatched bool attn_mask need_weights false', {**PACKED_TENSORS, 'x': [L, E], 'm': causal(L, L)}, PACKED_GRADS, PACKED,
     {'attn_mask': 'm', 'need_weights': False}),
    ('unbatched 3-D float attn_mask and key_padding_mask', {**PACKED_TENSORS, 'x': [L, E], 'm': [H, L, L], 'kpm': pad_mask([3], L)[0]},
     PACKED_GRADS, PACKED, {'attn_mask': 'm', 'key_padding_mask': 'kpm'}),
    ('encoder-decoder key is value', {**PACKED_TENSORS, 'q': [L, N, E], 'kv': [S, N, E], 'kpm': pad_mask([5, 3, 4], S)},
     ['q', 'kv', 'w_in', 'b_in', 'w_out', 'b_out'], ['q', 'kv', 'kv'] + PACKED[3:], {'key_padding_mask': 'kpm', 'need_weights': False}),
    ('separate projection weights', {'q': [L, N, E], 'k': [S, N, 5], 'v': [S, N, 3], 'b_in': [3 * E], 'w_out': [E, E], 'b_out': [E],
                                     'w_q': [E, E], 'w_k': [E, 5], 'w_v': [E, 3], 'kpm': pad_mask([5, 3, 4], S)},
     ['q', 'k', 'v', 'b_in', 'w_out', 'b_out', 'w_q', 'w_k', 'w_v'], ['q', 'k', 'v', E, H, None, 'b_in', None, None, False, 0.0, 'w_out', 'b_out'],
     {'use_separate_proj_weight': True, 'q_proj_weight': 'w_q', 'k_proj_weight': 'w_k', 'v_proj_weight': 'w_v', 'key_padding_mask': 'kpm',
      'need_weights': False}),
    ('separate projection weights need_weights', {'q': [L, N, E], 'k': [S, N, 5], 'v': [S, N, 3], 'w_out': [E, E],
                                                  'w_q': [E, E], 'w_k': [E, 5], 'w_v': [E, 3], 'm': causal(L, S)},
     ['q', 'k', 'v', 'w_out', 'w_q', 'w_k', 'w_v'], ['q', 'k', 'v', E, H, None, None, None, None, False, 0.0, 'w_out', None],
     {'use_separate_proj_weight': True, 'q_proj_weight': 'w_q', 'k_proj_weight': 'w_k', 'v_proj_weight': 'w_v', 'attn_mask': 'm'}),
    ('bias_kv zero_attn masks need_weights false', {**PACKED_TENSORS, 'bk': [1, 1, E], 'bv': [1, 1, E], 'm': causal(L, L),
                                                    'kpm': pad_mask([4, 2, 3], L)},
     PACKED_GRADS + ['bk', 'bv'], PACKED[:7] + ['bk', 'bv', True] + PACKED[10:], {'attn_mask': 'm', 'key_padding_mask': 'kpm', 'need_weights': False}),
    ('static_k static_v need_weights false', {**PACKED_TENSORS, 'sk': [N * H, S, E // H], 'sv': [N * H, S, E // H]},
     PACKED_GRADS + ['sk', 'sv'], PACKED, {'static_k': 'sk', 'static_v': 'sv', 'need_weights': False}),
    ('byte attn_mask', {**PACKED_TENSORS, 'm': causal(L, L).to(torch.uint8)}, PACKED_GRADS, PACKED, {'attn_mask': 'm'}),
    ('long attn_mask', {**PACKED_TENSORS, 'm': causal(L, L).long()}, PACKED_GRADS, PACKED, {'attn_mask': 'm'}),
    ('int key_padding_mask', {**PACKED_TENSORS, 'kpm': pad_mask([4, 2, 3], L).int()}, PACKED_GRADS, PACKED, {'key_padding_mask': 'kpm'}),
    ('key_padding_mask too short', {**PACKED_TENSORS, 'kpm': pad_mask([3, 2, 3], L - 1)}, PACKED_GRADS, PACKED, {'key_padding_mask': 'kpm'}),
    ('key_padding_mask of another batch', {**PACKED_TENSORS, 'kpm': pad_mask([3, 2], L)}, PACKED_GRADS, PACKED, {'key_padding_mask': 'kpm'}),
    ('bias_k without bias_v', {**PACKED_TENSORS, 'bk': [1, 1, E]}, PACKED_GRADS, PACKED[:7] + ['bk'] + PACKED[8:], {}),
    ('bias_v without bias_k', {**PACKED_TENSORS, 'bv': [1, 1, E]}, PACKED_GRADS, PACKED[:8] + ['bv'] + PACKED[9:], {}),
    ('separate key weights of another size', {'q': [L, N, E], 'k': [S, N, 5], 'v': [S, N, 3], 'w_out': [E, E],
                                              'w_q': [E, E], 'w_k': [E, 4], 'w_v': [E, 3]},
     [], ['q', 'k', 'v', E, H, None, None, None, None, False, 0.0, 'w_out', None],
     {'use_separate_proj_weight': True, 'q_proj_weight': 'w_q', 'k_proj_weight': 'w_k', 'v_proj_weight': 'w_v'}),
]


def mha_case(i, name, specs, grads, call, kwargs):
    seed = 900 + i
    g = torch.Generator().manual_seed(seed)
    tensors = {n: s.clone() if isinstance(s, torch.Tensor) else torch.randn(*s, generator=g) for n, s in specs.items()}
    for n in grads:
        tensors[n].requires_grad_()
    ref = lambda a: tensors[a] if isinstance(a, str) else a
    doc = {'name': name, 'seed': seed, 'tensors': {n: encode.tensor(t) for n, t in tensors.items()}, 'grads': grads,
           'call': [{'$t': a} if isinstance(a, str) else a for a in call],
           'kwargs': {k: {'$t': v} if isinstance(v, str) else v for k, v in kwargs.items()}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            torch.manual_seed(seed)  # dropout's draws
            out = F.multi_head_attention_forward(*map(ref, call), **{k: ref(v) for k, v in kwargs.items()})
        except Exception as e:  # noqa: BLE001 - the release's error is the golden value
            doc['error'] = encode.error(e)
            return doc
    doc['warnings'] = sorted({str(w.message) for w in caught})
    outs = [t for t in out if t is not None]
    doc['outputs'] = [None if t is None else encode.tensor(t.detach()) for t in out]
    if grads:
        sum((t * torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum() for t in outs).backward()
        doc['input_grads'] = {n: encode.tensor(tensors[n].grad) for n in grads}
    return doc


def sdpa_errors():
    """F.scaled_dot_product_attention's binding (PyTorch 2.x's argument parser over ATen's schema)."""
    if not hasattr(F, 'scaled_dot_product_attention'):
        return []
    q = torch.randn(2, 3, 4)
    calls = [
        ('query not a tensor', [1, '$q', '$q'], {}),
        ('value missing', ['$q', '$q'], {}),
        ('scale positional', ['$q', '$q', '$q', None, 0.0, False, 0.5], {}),
        ('unknown keyword', ['$q', '$q', '$q'], {'heads': 2}),
        ('dropout_p a string', ['$q', '$q', '$q'], {'dropout_p': 'a'}),
        ('scale a string', ['$q', '$q', '$q'], {'scale': 'a'}),
        ('is_causal with a mask', ['$q', '$q', '$q'], {'attn_mask': torch.ones(3, 3, dtype=torch.bool), 'is_causal': True}),
    ]
    out = []
    for name, args, kwargs in calls:
        val = lambda a: q if a == '$q' else a
        out.append({'name': name, 'args': encode.plain([None if a == '$q' else a for a in args]), 'tensor_args': [a == '$q' for a in args],
                    'kwargs': encode.plain(kwargs),
                    'error': encode.error_of(lambda: F.scaled_dot_product_attention(*map(val, args), **kwargs))})
    return out


def sdpa_cases():
    """F.scaled_dot_product_attention's keyword arguments of the release (scale; enable_gqa from 2.5)."""
    if not hasattr(F, 'scaled_dot_product_attention'):
        return []
    g = torch.Generator().manual_seed(77)
    cases = [('scale', [2, 2, 4, 6], [2, 2, 5, 6], {'scale': 0.3})]
    try:
        F.scaled_dot_product_attention(torch.randn(1, 2, 1, 2), torch.randn(1, 1, 1, 2), torch.randn(1, 1, 1, 2), enable_gqa=True)
        cases.append(('enable_gqa', [2, 4, 3, 6], [2, 2, 5, 6], {'enable_gqa': True}))
    except TypeError:
        pass
    out = []
    for name, qs, ks, kw in cases:
        q, k, v = (torch.randn(*s, generator=g, requires_grad=True) for s in (qs, ks, ks))
        res = F.scaled_dot_product_attention(q, k, v, **kw)
        (res * torch.linspace(-1, 1, res.numel()).reshape(res.shape)).sum().backward()
        out.append({'name': name, 'inputs': [encode.tensor(t) for t in (q, k, v)], 'kwargs': kw, 'output': encode.tensor(res),
                    'input_grads': [encode.tensor(t.grad) for t in (q, k, v)]})
    return out


def main():
    encode.write('functional_attention', {
        'mha': [mha_case(i, *c) for i, c in enumerate(CASES)],
        'sdpa': sdpa_cases(),
        'sdpa_errors': sdpa_errors(),
    })


if __name__ == '__main__':
    main()
