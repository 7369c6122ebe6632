"""Golden values for test/nn_rnn.test.ts: recurrent layers and cells, each built after
torch.manual_seed(seed) (so its initial parameters come from PyTorch's random stream), then its inputs
drawn with torch.randn in order (input, then each initial state), one forward pass (dropout draws
after the inputs), and the gradients of sum_k (out_k * linspace(-1, 1)).sum() over every output
tensor (output, h_n, c_n) w.r.t. the inputs and every parameter. Packed cases pack the input with
pack_padded_sequence(lengths, enforce_sorted) before the call and weigh the packed data. Also
pad_sequence / pack_padded_sequence / pad_packed_sequence / pack_sequence results.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/rnn.py (or: npm run golden -- rnn)"""

import torch
import torch.nn as nn
from torch.nn.utils import rnn as rnn_utils

import encode

CASES = [
    # name, constructor, positional args, keyword args, input shape, initial state shapes, mode, packing
    ('rnn tanh', 'RNN', [4, 5], {}, [6, 3, 4], [], 'train', None),
    ('rnn relu 2 layers h0', 'RNN', [4, 5, 2], {'nonlinearity': 'relu'}, [6, 3, 4], [[2, 3, 5]], 'train', None),
    ('rnn bidirectional batch_first no bias', 'RNN', [4, 5], {'bidirectional': True, 'batch_first': True, 'bias': False}, [3, 6, 4], [], 'train', None),
    ('rnn unbatched h0', 'RNN', [4, 5], {}, [6, 4], [[1, 5]], 'train', None),
    ('lstm', 'LSTM', [4, 5], {}, [6, 3, 4], [], 'train', None),
    ('lstm 2 layers bidirectional batch_first h0 c0', 'LSTM', [4, 5, 2], {'bidirectional': True, 'batch_first': True},
     [3, 6, 4], [[4, 3, 5], [4, 3, 5]], 'train', None),
    ('lstm proj_size', 'LSTM', [4, 6], {'proj_size': 3, 'num_layers': 2}, [5, 2, 4], [[2, 2, 3], [2, 2, 6]], 'train', None),
    ('lstm proj_size bidirectional no bias', 'LSTM', [4, 6], {'proj_size': 2, 'bidirectional': True, 'bias': False}, [5, 2, 4], [], 'train', None),
    ('lstm unbatched h0 c0', 'LSTM', [4, 5], {}, [6, 4], [[1, 5], [1, 5]], 'train', None),
    ('lstm dropout train', 'LSTM', [4, 5, 3], {'dropout': 0.5}, [6, 3, 4], [], 'train', None),
    ('lstm dropout eval', 'LSTM', [4, 5, 3], {'dropout': 0.5}, [6, 3, 4], [], 'eval', None),
    ('gru', 'GRU', [4, 5], {}, [6, 3, 4], [], 'train', None),
    ('gru 2 layers bidirectional h0', 'GRU', [4, 5, 2], {'bidirectional': True}, [6, 3, 4], [[4, 3, 5]], 'train', None),
    ('gru unbatched batch_first', 'GRU', [4, 5], {'batch_first': True}, [6, 4], [], 'train', None),
    ('lstm packed unsorted h0 c0', 'LSTM', [4, 5], {'bidirectional': True}, [6, 4, 4], [[2, 4, 5], [2, 4, 5]], 'train',
     {'lengths': [3, 6, 1, 4], 'enforce_sorted': False, 'batch_first': False}),
    ('gru packed sorted batch_first', 'GRU', [4, 5, 2], {'batch_first': True}, [3, 5, 4], [], 'train',
     {'lengths': [5, 3, 2], 'enforce_sorted': True, 'batch_first': True}),
    ('rnn packed unsorted h0', 'RNN', [4, 5], {}, [4, 3, 4], [[1, 3, 5]], 'train',
     {'lengths': [2, 4, 3], 'enforce_sorted': False, 'batch_first': False}),
    ('rnncell', 'RNNCell', [4, 5], {}, [3, 4], [[3, 5]], 'train', None),
    ('rnncell relu no bias unbatched', 'RNNCell', [4, 5, False, 'relu'], {}, [4], [], 'train', None),
    ('lstmcell', 'LSTMCell', [4, 5], {}, [3, 4], [[3, 5], [3, 5]], 'train', None),
    ('lstmcell unbatched no bias', 'LSTMCell', [4, 5], {'bias': False}, [4], [], 'train', None),
    ('grucell', 'GRUCell', [4, 5], {}, [3, 4], [[3, 5]], 'train', None),
    ('grucell unbatched h0', 'GRUCell', [4, 5], {}, [4], [[5]], 'train', None),
]


def tensors_of(result):
    """The output tensors of a call, flattened: output (a PackedSequence's data), then the states."""
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, rnn_utils.PackedSequence):
        return [result.data]
    return [t for r in result for t in tensors_of(r)]


def layer_case(i, name, ctor, args, kwargs, shape, state_shapes, mode, packing):
    seed = 300 + i
    torch.manual_seed(seed)
    m = getattr(nn, ctor)(*args, **kwargs)
    m.train(mode == 'train')
    x = torch.randn(*shape, requires_grad=True)
    states = [torch.randn(*s, requires_grad=True) for s in state_shapes]
    inp = x
    if packing:
        inp = rnn_utils.pack_padded_sequence(x, torch.tensor(packing['lengths']), batch_first=packing['batch_first'],
                                             enforce_sorted=packing['enforce_sorted'])
    hx = None if not states else states[0] if len(states) == 1 else tuple(states)
    y = m(inp, hx)
    outs = tensors_of(y)
    loss = sum((t * torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum() for t in outs)
    loss.backward()
    return {
        'name': name, 'ctor': ctor, 'args': args, 'kwargs': kwargs, 'seed': seed, 'mode': mode, 'packing': packing,
        'inputs': [encode.tensor(t) for t in [x] + states],
        'outputs': [encode.tensor(t) for t in outs],
        'input_grads': [encode.tensor(t.grad) for t in [x] + states],
        'params': {n: encode.tensor(p) for n, p in m.named_parameters()},
        'param_grads': {n: encode.tensor(p.grad) for n, p in m.named_parameters()},
        'repr': repr(m),
        'state_dict_keys': list(m.state_dict().keys()),
    }


def utils_cases():
    torch.manual_seed(7)
    seqs = [torch.randn(n, 2) for n in (3, 5, 2)]
    padded = rnn_utils.pad_sequence(seqs)
    padded_bf = rnn_utils.pad_sequence(seqs, batch_first=True, padding_value=-1.0)
    packed = rnn_utils.pack_sequence(seqs, enforce_sorted=False)
    unpacked, lengths = rnn_utils.pad_packed_sequence(packed, batch_first=True, padding_value=9.0, total_length=7)
    sorted_seqs = sorted(seqs, key=len, reverse=True)
    packed_sorted = rnn_utils.pack_sequence(sorted_seqs)
    padded_sorted, lengths_sorted = rnn_utils.pad_packed_sequence(packed_sorted)
    try:
        rnn_utils.pad_packed_sequence(packed, total_length=2)
        short = None
    except ValueError as e:
        short = encode.error(e)
    try:
        rnn_utils.pack_sequence(seqs)
        unsorted = None
    except RuntimeError as e:
        unsorted = encode.error(e)
    return {
        'sequences': [encode.tensor(s) for s in seqs],
        'pad_sequence': encode.tensor(padded),
        'pad_sequence_batch_first': encode.tensor(padded_bf),
        'packed': {k: encode.tensor(getattr(packed, k)) for k in ('data', 'batch_sizes', 'sorted_indices', 'unsorted_indices')},
        'pad_packed': encode.tensor(unpacked), 'pad_packed_lengths': encode.tensor(lengths),
        'packed_sorted': {k: encode.tensor(getattr(packed_sorted, k)) for k in ('data', 'batch_sizes')},
        'pad_packed_sorted': encode.tensor(padded_sorted), 'pad_packed_sorted_lengths': encode.tensor(lengths_sorted),
        'error_total_length': short,
        'error_unsorted': unsorted,
    }


def main():
    out = {'layers': [layer_case(i, *c) for i, c in enumerate(CASES)], 'utils': utils_cases()}
    encode.write('rnn', out)


main()
