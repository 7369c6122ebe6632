"""Golden values for test/nn_layers.test.ts: for each layer, built after torch.manual_seed(seed) (so
its initial parameters come from PyTorch's random stream), the output of one forward pass and the
gradients of (out * w).sum() w.r.t. the input and every parameter, plus buffers after the pass.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/nn.py (or: npm run golden -- nn)"""

import torch
import torch.nn as nn

import encode

CASES = [
    # name, constructor, positional args, keyword args, input shape, mode
    ('linear', 'Linear', [5, 3], {}, [4, 5], 'train'),
    ('linear no bias', 'Linear', [5, 3], {'bias': False}, [2, 4, 5], 'train'),
    ('bilinear', 'Bilinear', [3, 4, 2], {}, None, 'train'),
    ('batchnorm1d train', 'BatchNorm1d', [6], {}, [8, 6], 'train'),
    ('batchnorm1d 3d train', 'BatchNorm1d', [3], {'momentum': 0.3}, [4, 3, 5], 'train'),
    ('batchnorm1d momentum None', 'BatchNorm1d', [4], {'momentum': None}, [8, 4], 'train'),
    ('batchnorm1d eval', 'BatchNorm1d', [6], {}, [8, 6], 'eval'),
    ('batchnorm2d train', 'BatchNorm2d', [3], {'affine': False}, [2, 3, 4, 4], 'train'),
    ('layernorm', 'LayerNorm', [[4, 5]], {}, [2, 3, 4, 5], 'train'),
    ('layernorm no affine', 'LayerNorm', [5], {'elementwise_affine': False, 'eps': 1e-3}, [3, 5], 'train'),
    ('groupnorm', 'GroupNorm', [2, 4], {}, [2, 4, 3], 'train'),
    ('dropout eval', 'Dropout', [0.3], {}, [4, 5], 'eval'),
    ('dropout train', 'Dropout', [0.3], {}, [4, 5], 'train'),
    ('conv2d', 'Conv2d', [2, 3, 3], {'padding': 1}, [2, 2, 5, 5], 'train'),
    ('conv2d stride groups', 'Conv2d', [4, 4, [3, 2]], {'stride': 2, 'groups': 2, 'bias': False}, [1, 4, 7, 6], 'train'),
    ('conv2d reflect', 'Conv2d', [1, 2, 3], {'padding': 1, 'padding_mode': 'reflect'}, [1, 1, 4, 4], 'train'),
    ('conv1d', 'Conv1d', [2, 3, 3], {'padding': 'same'}, [2, 2, 7], 'train'),
    ('maxpool2d', 'MaxPool2d', [2], {}, [1, 2, 4, 4], 'train'),
    ('avgpool2d', 'AvgPool2d', [2], {'stride': 1}, [1, 2, 4, 4], 'train'),
    ('adaptiveavgpool2d', 'AdaptiveAvgPool2d', [[1, 1]], {}, [2, 3, 4, 4], 'train'),
    ('embedding', 'Embedding', [10, 3], {'padding_idx': 0}, None, 'train'),
    ('prelu', 'PReLU', [], {}, [3, 4], 'train'),
    ('rrelu eval', 'RReLU', [], {}, [3, 4], 'eval'),
    ('rrelu train', 'RReLU', [0.1, 0.3], {}, [3, 4], 'train'),
    ('leakyrelu', 'LeakyReLU', [0.2], {}, [3, 4], 'train'),
    ('elu', 'ELU', [], {}, [3, 4], 'train'),
    ('selu', 'SELU', [], {}, [3, 4], 'train'),
    ('celu', 'CELU', [0.5], {}, [3, 4], 'train'),
    ('gelu', 'GELU', [], {}, [3, 4], 'train'),
    ('gelu tanh', 'GELU', ['tanh'], {}, [3, 4], 'train'),
    ('silu', 'SiLU', [], {}, [3, 4], 'train'),
    ('mish', 'Mish', [], {}, [3, 4], 'train'),
    ('softplus', 'Softplus', [2, 5], {}, [3, 4], 'train'),
    ('hardswish', 'Hardswish', [], {}, [3, 4], 'train'),
    ('hardsigmoid', 'Hardsigmoid', [], {}, [3, 4], 'train'),
    ('hardtanh', 'Hardtanh', [-0.5, 0.5], {}, [3, 4], 'train'),
    ('relu6', 'ReLU6', [], {}, [3, 4], 'train'),
    ('sigmoid', 'Sigmoid', [], {}, [3, 4], 'train'),
    ('tanh', 'Tanh', [], {}, [3, 4], 'train'),
    ('softmax', 'Softmax', [], {'dim': 1}, [3, 4], 'train'),
    ('logsoftmax', 'LogSoftmax', [], {'dim': -1}, [3, 4], 'train'),
    ('flatten', 'Flatten', [], {}, [2, 3, 4], 'train'),
    ('unflatten', 'Unflatten', [1, [2, 2]], {}, [3, 4], 'train'),
]

LOSSES = [
    ('cross entropy', 'CrossEntropyLoss', {}, 'index'),
    ('cross entropy smoothing', 'CrossEntropyLoss', {'label_smoothing': 0.1}, 'index'),
    ('cross entropy weight ignore', 'CrossEntropyLoss', {'weight': [1.0, 2.0, 0.5, 1.0], 'ignore_index': 1}, 'index'),
    ('cross entropy probs', 'CrossEntropyLoss', {}, 'probs'),
    ('cross entropy sum', 'CrossEntropyLoss', {'reduction': 'sum'}, 'index'),
    ('nll', 'NLLLoss', {}, 'logp'),
    ('bce', 'BCELoss', {}, 'binary_probs'),
    ('bce logits', 'BCEWithLogitsLoss', {'pos_weight': [2.0, 1.0, 0.5, 3.0]}, 'binary'),
    ('mse', 'MSELoss', {}, 'real'),
    ('l1', 'L1Loss', {'reduction': 'none'}, 'real'),
    ('huber', 'HuberLoss', {'delta': 0.5}, 'real'),
    ('smooth l1', 'SmoothL1Loss', {'beta': 0.5}, 'real'),
]


def build(ctor, args, kwargs):
    kw = {k: (torch.tensor(v) if isinstance(v, list) and k in ('weight', 'pos_weight') else v) for k, v in kwargs.items()}
    return getattr(nn, ctor)(*[tuple(a) if isinstance(a, list) and ctor in ('Conv2d', 'Conv1d', 'AdaptiveAvgPool2d', 'Unflatten') else a for a in args], **kw)


# Layers with arguments newer than some releases: the layer's record where the running PyTorch
# takes them, else the error it raises (BatchNorm's, InstanceNorm's and GroupNorm's bias=False: 2.14).
NEWER_CASES = [
    ('batchnorm1d no bias', 'BatchNorm1d', [4], {'bias': False}, [6, 4], 'train'),
    ('batchnorm2d no bias eval', 'BatchNorm2d', [3], {'momentum': 0.2, 'bias': False}, [2, 3, 4, 4], 'eval'),
    ('instancenorm1d affine no bias', 'InstanceNorm1d', [3], {'affine': True, 'bias': False}, [2, 3, 5], 'train'),
    ('groupnorm no bias', 'GroupNorm', [2, 4], {'bias': False}, [2, 4, 3], 'train'),
    ('lazybatchnorm1d no bias', 'LazyBatchNorm1d', [], {'bias': False}, [6, 4], 'train'),
    ('groupnorm channels not divisible', 'GroupNorm', [3, 4], {}, [2, 4, 3], 'train'),
]


def layer(name, ctor, args, kwargs, shape, mode, seed):
    """One forward pass of the layer built after torch.manual_seed(seed), and the gradients of (out * w).sum()."""
    torch.manual_seed(seed)
    m = build(ctor, args, kwargs)
    m.train(mode == 'train')
    if ctor == 'Bilinear':
        inputs = [torch.randn(4, 3, requires_grad=True), torch.randn(4, 4, requires_grad=True)]
    elif ctor == 'Embedding':
        inputs = [torch.tensor([[0, 2, 4], [9, 0, 1]])]
    else:
        inputs = [torch.randn(*shape, requires_grad=True)]
    y = m(*inputs)
    w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    return {
        'name': name, 'ctor': ctor, 'args': args, 'kwargs': kwargs, 'seed': seed, 'mode': mode,
        'inputs': [encode.tensor(x) for x in inputs],
        'output': encode.tensor(y),
        'input_grads': [encode.tensor(x.grad) if x.grad is not None else None for x in inputs],
        'params': {n: encode.tensor(p) for n, p in m.named_parameters()},
        'param_grads': {n: encode.tensor(p.grad) for n, p in m.named_parameters() if p.grad is not None},
        'buffers': {n: encode.tensor(b) for n, b in m.named_buffers()},
        'repr': repr(m),
        'state_dict_keys': list(m.state_dict().keys()),
    }


def newer_layer(name, ctor, args, kwargs, shape, mode, seed):
    try:
        return layer(name, ctor, args, kwargs, shape, mode, seed)
    except (TypeError, ValueError) as e:
        return {'name': name, 'ctor': ctor, 'args': args, 'kwargs': kwargs, 'error': encode.error(e)}


def shared_members():
    """named_parameters / named_buffers of a module shared under two names, with remove_duplicate=False (2.x)."""
    shared = nn.BatchNorm1d(2)
    m = nn.Sequential(shared, nn.ReLU(), shared)
    out = {}
    for method in ['named_parameters', 'named_buffers']:
        try:
            out[method] = [n for n, _ in getattr(m, method)(remove_duplicate=False)]
        except TypeError as e:
            out[method] = {'error': encode.error(e)}
        out[method + ' default'] = [n for n, _ in getattr(m, method)()]
    return out


def main():
    out = {'layers': [], 'losses': []}
    for i, case in enumerate(CASES):
        out['layers'].append(layer(*case, 100 + i))
    for i, (name, ctor, kwargs, kind) in enumerate(LOSSES):
        torch.manual_seed(500 + i)
        x = torch.randn(5, 4, requires_grad=True)
        if kind == 'index':
            target = torch.randint(0, 4, (5,))
        elif kind == 'probs':
            target = torch.softmax(torch.randn(5, 4), 1)
        elif kind == 'logp':
            target = torch.randint(0, 4, (5,))
        elif kind in ('binary', 'binary_probs'):
            target = torch.randint(0, 2, (5, 4)).float()
        else:
            target = torch.randn(5, 4)
        inp = x.log_softmax(1) if kind == 'logp' else x.sigmoid() if kind == 'binary_probs' else x
        loss = build(ctor, [], kwargs)
        y = loss(inp, target)
        w = torch.linspace(-1, 1, y.numel()).reshape(y.shape) if y.dim() else torch.tensor(1.0)
        (y * w).sum().backward()
        out['losses'].append({'name': name, 'ctor': ctor, 'kwargs': kwargs, 'kind': kind, 'input': encode.tensor(x), 'target': encode.tensor(target),
                              'output': encode.tensor(y), 'input_grad': encode.tensor(x.grad), 'repr': repr(loss)})
    out['newer_layers'] = [newer_layer(*case, 800 + i) for i, case in enumerate(NEWER_CASES)]
    out['shared_members'] = shared_members()
    encode.write('nn', out)


main()
