"""Golden values for test/nn_transformer_fastpath.test.ts: the inference fast path of
MultiheadAttention, TransformerEncoderLayer and TransformerEncoder (eval mode, no autograd,
batch_first), and the composite path each condition falls back to.

Each case builds its module after torch.manual_seed(seed), applies its edits ("set" an attribute,
"call" a method, by dotted path), draws its inputs with torch.randn, then calls the module once
(under torch.no_grad() unless "grad" is set). The fixture keeps the outputs, whether each is
contiguous, the fused ATen calls PyTorch made (torch._native_multi_head_attention,
torch._transformer_encoder_layer_fwd, torch._nested_tensor_from_mask, Tensor.to_padded_tensor, with
their non-tensor arguments and their masks' dtype and shape), whether the output of each call of
the case's "hook" module was a nested tensor, the warnings raised (each time, under an "always"
filter) and the error.

A case's call refers to its inputs as {"$in": i} and to fixed masks as {"$mask": j}; a constructor
argument {"$mod": [ctor, args, kwargs]} is a module built in place.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/transformer_fastpath.py (or: npm run
golden -- transformer_fastpath); for LibTorch 2.x: bash scripts/libtorch2 trixie|sid golden transformer_fastpath.
"""
import functools
import warnings

import torch
import torch.nn as nn

import encode
from module_spec import build, tensors_of

# key padding masks (True = padding) for a batch of 3 sequences of 5: left aligned, with a full row
PAD = torch.tensor([[False] * 5, [False, False, False, True, True], [False, False, False, False, True]])
# every row padded at its end: the nested tensor's longest sequence is 4 of the 5 steps
PAD_ALL_ROWS = torch.tensor([[False, False, False, False, True], [False, False, True, True, True], [False, False, False, True, True]])
# padding at the start of a row: not left aligned
PAD_LEFT = torch.tensor([[False] * 5, [True, True, False, False, False], [False, False, False, False, True]])
PAD_FLOAT = torch.zeros(3, 5).masked_fill(PAD, float('-inf'))
CAUSAL = nn.Transformer.generate_square_subsequent_mask(5)
CAUSAL_BOOL = torch.ones(5, 5, dtype=torch.bool).triu(1)

MHA = ['MultiheadAttention', [8, 2], {'batch_first': True}]


def layer(*args, **kwargs):
    return {'$mod': ['TransformerEncoderLayer', [8, 2, 16, 0.0, *args], {'batch_first': True, **kwargs}]}


def case(name, ctor, args, kwargs, masks=(), call_kwargs=None, shapes=((3, 5, 8),), call_args=None, **extra):
    return {'name': name, 'ctor': ctor, 'args': args, 'kwargs': kwargs, 'shapes': [list(s) for s in shapes], 'masks': list(masks),
            'call_args': call_args if call_args is not None else [{'$in': 0}] * (3 if ctor == 'MultiheadAttention' else 1),
            'call_kwargs': call_kwargs or {}, 'mode': extra.get('mode', 'eval'), 'grad': extra.get('grad', False),
            'edits': extra.get('edits', []), 'hook': extra.get('hook'), 'fastpath_off': extra.get('fastpath_off', False)}


KPM = {'key_padding_mask': {'$mask': 0}}
SKPM = {'src_key_padding_mask': {'$mask': 0}}

CASES = [
    # MultiheadAttention
    case('mha self-attention', *MHA),
    case('mha key_padding_mask need_weights=False', *MHA, [PAD], {**KPM, 'need_weights': False}),
    case('mha key_padding_mask per-head weights', *MHA, [PAD], {**KPM, 'average_attn_weights': False}),
    case('mha float key_padding_mask', *MHA, [PAD_FLOAT], KPM),
    case('mha attn_mask', *MHA, [CAUSAL_BOOL], {'attn_mask': {'$mask': 0}, 'need_weights': False}),
    case('mha attn_mask and key_padding_mask', *MHA, [CAUSAL_BOOL, PAD], {'attn_mask': {'$mask': 0}, 'key_padding_mask': {'$mask': 1}}),
    case('mha dropout in eval', 'MultiheadAttention', [8, 2, 0.3], {'batch_first': True}, [PAD], KPM),
    case('mha training', 'MultiheadAttention', [8, 2], {'batch_first': True}, [PAD], KPM, mode='train'),
    case('mha grad enabled', *MHA, [PAD], KPM, grad=True),
    case('mha batch_first=False', 'MultiheadAttention', [8, 2], {}, [PAD], KPM, shapes=[(5, 3, 8)]),
    case('mha cross-attention', *MHA, [], {}, shapes=[(3, 5, 8), (3, 4, 8)], call_args=[{'$in': 0}, {'$in': 1}, {'$in': 1}]),
    case('mha odd num_heads', 'MultiheadAttention', [8, 1], {'batch_first': True}, [PAD], KPM),
    case('mha add_bias_kv', 'MultiheadAttention', [8, 2], {'batch_first': True, 'add_bias_kv': True}),
    case('mha bias=False', 'MultiheadAttention', [8, 2], {'batch_first': True, 'bias': False}),
    case('mha unbatched', *MHA, [], {}, shapes=[(5, 8)]),
    # TransformerEncoderLayer
    case('layer relu', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}),
    case('layer gelu src_key_padding_mask', 'TransformerEncoderLayer', [8, 2, 16, 0.1, 'gelu'], {'batch_first': True}, [PAD], SKPM),
    case('layer norm_first', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True, 'norm_first': True}, [PAD], SKPM),
    case('layer ReLU module', 'TransformerEncoderLayer', [8, 2, 16, 0.0, {'$mod': ['ReLU', [], {}]}], {'batch_first': True}),
    case('layer src_mask', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, [CAUSAL], {'src_mask': {'$mask': 0}}),
    case('layer src_mask and src_key_padding_mask', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, [CAUSAL_BOOL, PAD],
         {'src_mask': {'$mask': 0}, 'src_key_padding_mask': {'$mask': 1}}),
    case('layer training', 'TransformerEncoderLayer', [8, 2, 16, 0.0], {'batch_first': True}, [PAD], SKPM, mode='train'),
    case('layer grad enabled', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, [PAD], SKPM, grad=True),
    case('layer batch_first=False', 'TransformerEncoderLayer', [8, 2, 16], {}, [PAD], SKPM, shapes=[(5, 3, 8)]),
    case('layer Tanh activation', 'TransformerEncoderLayer', [8, 2, 16, 0.0, {'$mod': ['Tanh', [], {}]}], {'batch_first': True}),
    case('layer norm eps differ', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, edits=[['set', 'norm2.eps', 1e-3]]),
    case('layer odd nhead', 'TransformerEncoderLayer', [8, 1, 16], {'batch_first': True}),
    case('layer hook on linear1', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, hook='linear1'),
    case('layer unbatched', 'TransformerEncoderLayer', [8, 2, 16], {'batch_first': True}, shapes=[(5, 8)]),
    # TransformerEncoder
    case('encoder relu src_key_padding_mask', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM),
    case('encoder gelu src_key_padding_mask norm', 'TransformerEncoder', [layer('gelu'), 2], {'norm': {'$mod': ['LayerNorm', [8], {}]}},
         [PAD], SKPM),
    case('encoder every row padded', 'TransformerEncoder', [layer(), 2], {}, [PAD_ALL_ROWS], SKPM),
    case('encoder no mask', 'TransformerEncoder', [layer(), 2], {}),
    case('encoder norm_first', 'TransformerEncoder', [layer(norm_first=True), 2], {}, [PAD], SKPM),
    case('encoder mask not left aligned', 'TransformerEncoder', [layer(), 2], {}, [PAD_LEFT], SKPM),
    case('encoder mask_check=False', 'TransformerEncoder', [layer(), 2], {'mask_check': False}, [PAD_LEFT], SKPM),
    case('encoder enable_nested_tensor=False', 'TransformerEncoder', [layer(), 2], {'enable_nested_tensor': False}, [PAD], SKPM),
    case('encoder mask and src_key_padding_mask', 'TransformerEncoder', [layer(), 2], {}, [CAUSAL, PAD],
         {'mask': {'$mask': 0}, 'src_key_padding_mask': {'$mask': 1}}),
    case('encoder training', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM, mode='train'),
    case('encoder grad enabled', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM, grad=True),
    case('encoder batch_first=False', 'TransformerEncoder', [{'$mod': ['TransformerEncoderLayer', [8, 2, 16, 0.0], {}]}, 2], {},
         [PAD], SKPM, shapes=[(5, 3, 8)]),
    case('encoder odd nhead', 'TransformerEncoder', [{'$mod': ['TransformerEncoderLayer', [8, 1, 16, 0.0], {'batch_first': True}]}, 2], {},
         [PAD], SKPM),
    case('encoder float src_key_padding_mask', 'TransformerEncoder', [layer(), 2], {}, [PAD_FLOAT], SKPM),
    case('encoder hook on a layer', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM, hook='layers.1'),
    case('encoder fast path switched off', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM, fastpath_off=True),
    # a decoder layer's self-attention takes MultiheadAttention's fast path; a whole Transformer, the encoder's too
    case('decoder layer', 'TransformerDecoderLayer', [8, 2, 16, 0.0], {'batch_first': True}, shapes=[(3, 5, 8), (3, 4, 8)],
         call_args=[{'$in': 0}, {'$in': 1}]),
    case('transformer src_key_padding_mask', 'Transformer', [], {'d_model': 8, 'nhead': 2, 'num_encoder_layers': 1, 'num_decoder_layers': 1,
         'dim_feedforward': 16, 'dropout': 0.0, 'batch_first': True}, [PAD], SKPM, shapes=[(3, 5, 8), (3, 4, 8)],
         call_args=[{'$in': 0}, {'$in': 1}]),
    case('encoder second layer training', 'TransformerEncoder', [layer(), 2], {}, [PAD], SKPM, edits=[['call', 'layers.1', 'train']]),
]


def at(m, path):
    for part in path.split('.'):
        m = getattr(m, part)
    return m


def describe(v):
    """A fused call's argument: a tensor by its dtype and shape (a nested one by its dtype), else itself."""
    if isinstance(v, torch.Tensor):
        return {'dtype': encode.dtype_name(v.dtype), 'shape': None if v.is_nested else list(v.shape)}
    if isinstance(v, torch.Size):
        return list(v)
    return v


FUSED = []


def recording(name, fn, skip):
    """fn, recording each call's arguments after the first `skip` (tensors PyTorch passes by position)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        FUSED.append({'op': name, 'args': [describe(a) for a in args[skip:]], 'kwargs': {k: describe(v) for k, v in kwargs.items()}})
        return fn(*args, **kwargs)
    return wrapper


torch._native_multi_head_attention = recording('_native_multi_head_attention', torch._native_multi_head_attention, 3)
torch._transformer_encoder_layer_fwd = recording('_transformer_encoder_layer_fwd', torch._transformer_encoder_layer_fwd, 1)
torch._nested_tensor_from_mask = recording('_nested_tensor_from_mask', torch._nested_tensor_from_mask, 1)
torch.Tensor.to_padded_tensor = recording('to_padded_tensor', torch.Tensor.to_padded_tensor, 1)


def run_case(i, c):
    seed = 900 + i
    FUSED.clear()
    hook_calls = []
    out = {'name': c['name'], 'seed': seed, 'spec': {k: v for k, v in c.items() if k not in ('name', 'masks')},
           'masks': [encode.tensor(m) for m in c['masks']]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        torch.manual_seed(seed)
        m = build({'$mod': [c['ctor'], c['args'], c['kwargs']]})
        m.train(c['mode'] == 'train')
        for kind, path, value in c['edits']:
            owner, _, attr = path.rpartition('.')
            if kind == 'set':
                setattr(at(m, owner) if owner else m, attr, value)
            else:
                getattr(at(m, path), value)()
        if c['hook']:
            at(m, c['hook']).register_forward_hook(lambda mod, args, output: hook_calls.append(output.is_nested))
        inputs = [torch.randn(*s) for s in c['shapes']]
        ref = lambda a: inputs[a['$in']] if isinstance(a, dict) and '$in' in a else c['masks'][a['$mask']] if isinstance(a, dict) else a
        args = [ref(a) for a in c['call_args']]
        kwargs = {k: ref(v) for k, v in c['call_kwargs'].items()}
        # torch.backends.mha (PyTorch 2.3) switches the fast path off; 1.13 has no switch
        switch = getattr(torch.backends, 'mha', None) if c['fastpath_off'] else None
        try:
            if switch:
                switch.set_fastpath_enabled(False)
            with torch.set_grad_enabled(c['grad']):
                result = m(*args, **kwargs)
            outs = tensors_of(result)
            out['outputs'] = [encode.tensor(t) for t in outs]
            out['contiguous'] = [t.is_contiguous() for t in outs]
            out['none_outputs'] = [r is None for r in result] if isinstance(result, tuple) else []
            out['error'] = None
        except (AssertionError, RuntimeError, TypeError) as e:
            out['outputs'], out['contiguous'], out['none_outputs'], out['error'] = [], [], [], encode.error(e)
        finally:
            if switch:
                switch.set_fastpath_enabled(True)
    out['inputs'] = [encode.tensor(t) for t in inputs]
    out['fused'] = list(FUSED)
    out['hook_outputs_nested'] = hook_calls
    out['warnings'] = [str(w.message) for w in caught]
    return out


def main():
    encode.write('transformer_fastpath', {'cases': [run_case(i, c) for i, c in enumerate(CASES)]})


main()
