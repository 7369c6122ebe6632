"""Golden values for test/nn_transformer.test.ts: MultiheadAttention and the Transformer family, each
built after torch.manual_seed(seed), then its inputs drawn with torch.randn in order, one forward
pass (dropout draws after the inputs), and the gradients of sum_k (out_k * linspace(-1, 1)).sum()
over the output tensors w.r.t. the inputs and every parameter; printing and state_dict keys.
Also F.scaled_dot_product_attention against PyTorch's documented composite (ATen's kernel arrived
after 1.13), and F.multi_head_attention_forward called directly.

A case's call refers to its inputs as {"$in": i} (the same object where PyTorch would get the same
tensor: self-attention) and to fixed masks as {"$mask": j}; a constructor argument {"$mod": [ctor,
args, kwargs]} is a module built in place (a layer for TransformerEncoder, an activation module).
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/transformer.py (or: npm run golden -- transformer)"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import encode
from module_spec import build, tensors_of

NEG = float('-inf')
CAUSAL5 = nn.Transformer.generate_square_subsequent_mask(5)
PAD_3x5 = torch.tensor([[False] * 5, [False, False, False, True, True], [False, False, False, False, True]])
PAD_3x4 = torch.tensor([[False] * 4, [False, False, True, True], [False, False, False, True]])

CASES = [
    # name, constructor, args, kwargs, input shapes, masks, call args, call kwargs, mode
    ('mha self-attention', 'MultiheadAttention', [8, 2], {}, [[5, 3, 8]], [],
     [{'$in': 0}, {'$in': 0}, {'$in': 0}], {}, 'train'),
    ('mha cross kdim vdim batch_first key_padding_mask', 'MultiheadAttention', [8, 2], {'kdim': 6, 'vdim': 4, 'batch_first': True},
     [[3, 5, 8], [3, 4, 6], [3, 4, 4]], [PAD_3x4],
     [{'$in': 0}, {'$in': 1}, {'$in': 2}], {'key_padding_mask': {'$mask': 0}}, 'train'),
    ('mha bias_kv zero_attn float mask per-head weights', 'MultiheadAttention', [8, 4], {'add_bias_kv': True, 'add_zero_attn': True},
     [[5, 2, 8], [4, 2, 8]], [torch.randn(5, 4, generator=torch.Generator().manual_seed(1))],
     [{'$in': 0}, {'$in': 1}, {'$in': 1}], {'attn_mask': {'$mask': 0}, 'average_attn_weights': False}, 'train'),
    ('mha unbatched bool mask no bias', 'MultiheadAttention', [6, 3], {'bias': False},
     [[4, 6]], [torch.tensor([[False, True, True, True], [False, False, True, True], [False, False, False, True], [False] * 4])],
     [{'$in': 0}, {'$in': 0}, {'$in': 0}], {'attn_mask': {'$mask': 0}}, 'train'),
    ('mha dropout train', 'MultiheadAttention', [8, 2], {'dropout': 0.3}, [[5, 3, 8]], [],
     [{'$in': 0}, {'$in': 0}, {'$in': 0}], {}, 'train'),
    ('mha eval need_weights false', 'MultiheadAttention', [8, 2, 0.3], {}, [[5, 3, 8], [4, 3, 8]], [PAD_3x4],
     [{'$in': 0}, {'$in': 1}, {'$in': 1}], {'key_padding_mask': {'$mask': 0}, 'need_weights': False}, 'eval'),
    ('encoder layer causal mask padding dropout', 'TransformerEncoderLayer', [8, 2, 16], {}, [[5, 3, 8]], [CAUSAL5, PAD_3x5],
     [{'$in': 0}], {'src_mask': {'$mask': 0}, 'src_key_padding_mask': {'$mask': 1}}, 'train'),
    ('encoder layer norm_first gelu batch_first', 'TransformerEncoderLayer', [8, 2], {'dim_feedforward': 12, 'dropout': 0, 'activation': 'gelu',
     'batch_first': True, 'norm_first': True}, [[3, 5, 8]], [], [{'$in': 0}], {}, 'train'),
    ('encoder layer activation module unbatched', 'TransformerEncoderLayer', [8, 4, 16, 0, {'$mod': ['Tanh', [], {}]}], {'layer_norm_eps': 1e-3},
     [[5, 8]], [], [{'$in': 0}], {}, 'train'),
    ('encoder 2 layers norm', 'TransformerEncoder', [{'$mod': ['TransformerEncoderLayer', [8, 2, 16, 0.1], {}]}, 2],
     {'norm': {'$mod': ['LayerNorm', [8], {}]}}, [[5, 3, 8]], [CAUSAL5], [{'$in': 0}], {'mask': {'$mask': 0}}, 'train'),
    ('decoder layer masks', 'TransformerDecoderLayer', [8, 2, 16, 0.1], {}, [[4, 3, 8], [5, 3, 8]],
     [nn.Transformer.generate_square_subsequent_mask(4), PAD_3x5],
     [{'$in': 0}, {'$in': 1}], {'tgt_mask': {'$mask': 0}, 'memory_key_padding_mask': {'$mask': 1}}, 'train'),
    ('decoder layer norm_first batch_first', 'TransformerDecoderLayer', [8, 2], {'dim_feedforward': 12, 'dropout': 0, 'norm_first': True,
     'batch_first': True}, [[3, 4, 8], [3, 5, 8]], [], [{'$in': 0}, {'$in': 1}], {}, 'train'),
    ('decoder 2 layers', 'TransformerDecoder', [{'$mod': ['TransformerDecoderLayer', [8, 2, 16, 0], {}]}, 2], {},
     [[4, 3, 8], [5, 3, 8]], [], [{'$in': 0}, {'$in': 1}], {}, 'train'),
    ('transformer', 'Transformer', [], {'d_model': 8, 'nhead': 2, 'num_encoder_layers': 2, 'num_decoder_layers': 1, 'dim_feedforward': 16},
     [[5, 3, 8], [4, 3, 8]], [nn.Transformer.generate_square_subsequent_mask(4), PAD_3x5],
     [{'$in': 0}, {'$in': 1}], {'tgt_mask': {'$mask': 0}, 'src_key_padding_mask': {'$mask': 1}, 'memory_key_padding_mask': {'$mask': 1}}, 'train'),
    ('transformer batch_first eval', 'Transformer', [8, 2, 1, 1, 16, 0.2], {'batch_first': True, 'activation': 'gelu'},
     [[3, 5, 8], [3, 4, 8]], [], [{'$in': 0}, {'$in': 1}], {}, 'eval'),
]


def module_case(i, name, ctor, args, kwargs, shapes, masks, call_args, call_kwargs, mode):
    seed = 700 + i
    torch.manual_seed(seed)
    m = build({'$mod': [ctor, args, kwargs]})
    m.train(mode == 'train')
    inputs = [torch.randn(*s, requires_grad=True) for s in shapes]
    ref = lambda a: inputs[a['$in']] if isinstance(a, dict) and '$in' in a else masks[a['$mask']] if isinstance(a, dict) else a
    out = m(*[ref(a) for a in call_args], **{k: ref(v) for k, v in call_kwargs.items()})
    outs = tensors_of(out)
    sum((t * torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum() for t in outs).backward()
    return {
        'name': name, 'ctor': ctor, 'args': encode.plain(args), 'kwargs': encode.plain(kwargs), 'seed': seed, 'mode': mode,
        'inputs': [encode.tensor(t) for t in inputs], 'masks': [encode.tensor(t) for t in masks],
        'call_args': call_args, 'call_kwargs': call_kwargs,
        'outputs': [encode.tensor(t) for t in outs],
        'input_grads': [encode.tensor(t.grad) for t in inputs],
        'params': {n: encode.tensor(p) for n, p in m.named_parameters()},
        'param_grads': {n: encode.tensor(p.grad) for n, p in m.named_parameters() if p.grad is not None},
        'repr': repr(m),
        'state_dict_keys': list(m.state_dict().keys()),
    }


def sdpa_reference(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """PyTorch's documented definition of F.scaled_dot_product_attention (its math backend)."""
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        attn_bias.masked_fill_(torch.ones(L, S, dtype=torch.bool).tril(diagonal=0).logical_not(), NEG)
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), NEG)
        else:
            attn_bias = attn_bias + attn_mask
    weights = torch.softmax(query @ key.transpose(-2, -1) * scale_factor + attn_bias, dim=-1)
    return weights @ value


def sdpa_cases():
    g = torch.Generator().manual_seed(11)
    cases = []
    specs = [
        ('plain', [2, 3, 4, 5], [2, 3, 6, 5], [2, 3, 6, 7], None, {}),
        ('bool mask', [2, 4, 5], [2, 6, 5], [2, 6, 3], torch.rand(4, 6, generator=g) > 0.3, {}),
        ('float mask and scale', [3, 4, 5], [3, 6, 5], [3, 6, 5], torch.randn(3, 4, 6, generator=g), {'scale': 0.5}),
        ('causal', [2, 2, 5, 4], [2, 2, 5, 4], [2, 2, 5, 4], None, {'is_causal': True}),
    ]
    for name, qs, ks, vs, mask, kw in specs:
        q, k, v = (torch.randn(*s, generator=g, requires_grad=True) for s in (qs, ks, vs))
        out = sdpa_reference(q, k, v, mask, **kw)
        (out * torch.linspace(-1, 1, out.numel()).reshape(out.shape)).sum().backward()
        cases.append({'name': name, 'inputs': [encode.tensor(t) for t in (q, k, v)], 'mask': None if mask is None else encode.tensor(mask),
                      'kwargs': kw, 'output': encode.tensor(out), 'input_grads': [encode.tensor(t.grad) for t in (q, k, v)]})
    return cases


def mha_forward_case():
    """F.multi_head_attention_forward with separate projection weights and static keys/values."""
    g = torch.Generator().manual_seed(5)
    E, H, L, S, N = 6, 2, 3, 4, 2
    t = {
        'query': torch.randn(L, N, E, generator=g), 'key': torch.randn(S, N, 5, generator=g), 'value': torch.randn(S, N, 3, generator=g),
        'in_proj_bias': torch.randn(3 * E, generator=g), 'out_proj_weight': torch.randn(E, E, generator=g), 'out_proj_bias': torch.randn(E, generator=g),
        'q_proj_weight': torch.randn(E, E, generator=g), 'k_proj_weight': torch.randn(E, 5, generator=g), 'v_proj_weight': torch.randn(E, 3, generator=g),
    }
    out, weights = F.multi_head_attention_forward(t['query'], t['key'], t['value'], E, H, None, t['in_proj_bias'], None, None, False, 0.0,
                                                  t['out_proj_weight'], t['out_proj_bias'], training=False, use_separate_proj_weight=True,
                                                  q_proj_weight=t['q_proj_weight'], k_proj_weight=t['k_proj_weight'], v_proj_weight=t['v_proj_weight'])
    return {'tensors': {k: encode.tensor(v) for k, v in t.items()}, 'E': E, 'H': H, 'output': encode.tensor(out), 'weights': encode.tensor(weights)}


def errors():
    out = {}
    mha = nn.MultiheadAttention(8, 2)
    for name, fn in [
        ('embed_dim not divisible', lambda: nn.MultiheadAttention(8, 3)),
        ('2d mask shape', lambda: mha(torch.randn(5, 2, 8), torch.randn(4, 2, 8), torch.randn(4, 2, 8), attn_mask=torch.zeros(5, 5))),
        ('4d query', lambda: mha(torch.randn(1, 5, 2, 8), torch.randn(1, 4, 2, 8), torch.randn(1, 4, 2, 8))),
        ('int key_padding_mask', lambda: mha(torch.randn(5, 2, 8), torch.randn(4, 2, 8), torch.randn(4, 2, 8), key_padding_mask=torch.zeros(2, 4, dtype=torch.long))),
        ('bad activation', lambda: nn.TransformerEncoderLayer(8, 2, activation='tanh')),
        ('transformer batch mismatch', lambda: nn.Transformer(8, 2, 1, 1, 16)(torch.randn(5, 2, 8), torch.randn(4, 3, 8))),
    ]:
        try:
            fn()
            out[name] = None
        except (AssertionError, RuntimeError, ValueError) as e:
            out[name] = encode.error(e)
    return out


def main():
    doc = {
        'modules': [module_case(i, *c) for i, c in enumerate(CASES)],
        'square_subsequent_mask': encode.tensor(nn.Transformer.generate_square_subsequent_mask(4)),
        'sdpa': sdpa_cases(),
        'mha_forward': mha_forward_case(),
        'errors': errors(),
    }
    encode.write('transformer', doc)


main()
