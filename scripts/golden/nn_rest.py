"""Golden values for test/nn_rest.test.ts: the 3-d, unpooling, power-average and fractional pooling
layers, Fold/Unfold, LRN, EmbeddingBag, the Lazy* modules, parameter containers, CTC and
distance-triplet losses and their functionals. Each module case is built after
torch.manual_seed(seed) (its initial parameters come from PyTorch's random stream); the inputs are
recorded; the output and the gradients of (out * w).sum() w.r.t. the float inputs and the
parameters, the printed form (before and after the first call, for Lazy* modules) and the
state_dict keys are recorded. Functional cases record output and input gradients; error cases
the exception PyTorch raises.
Run with Debian's python3-torch: /usr/bin/python3 scripts/golden/nn_rest.py (or: npm run golden -- nn_rest)"""

import torch
import torch.nn as nn
import torch.nn.functional as F

import encode


def rnd(*shape):
    return torch.randn(*shape)


def idx(values):
    return torch.tensor(values)


# name, constructor, positional args, keyword args, inputs (built after the module), mode
MODULES = [
    ('maxpool3d', 'MaxPool3d', [2], {'stride': 1}, lambda: [rnd(1, 2, 3, 4, 4)], 'train'),
    ('maxpool3d indices', 'MaxPool3d', [[2, 2, 1]], {'return_indices': True, 'ceil_mode': True}, lambda: [rnd(1, 2, 3, 5, 4)], 'train'),
    ('avgpool3d', 'AvgPool3d', [2], {'stride': 1, 'padding': 1, 'count_include_pad': False}, lambda: [rnd(1, 2, 3, 3, 3)], 'train'),
    ('avgpool3d divisor', 'AvgPool3d', [[1, 2, 2]], {'divisor_override': 3}, lambda: [rnd(2, 1, 2, 4, 4)], 'train'),
    ('adaptiveavgpool3d', 'AdaptiveAvgPool3d', [[2, None, 1]], {}, lambda: [rnd(1, 2, 4, 3, 5)], 'train'),
    ('adaptivemaxpool3d', 'AdaptiveMaxPool3d', [2], {}, lambda: [rnd(1, 2, 4, 3, 5)], 'train'),
    ('maxunpool1d', 'MaxUnpool1d', [2], {}, lambda: list(F.max_pool1d(rnd(1, 2, 6), 2, return_indices=True)), 'train'),
    ('maxunpool2d', 'MaxUnpool2d', [2], {'stride': 2}, lambda: list(F.max_pool2d(rnd(1, 2, 4, 4), 2, return_indices=True)), 'train'),
    ('maxunpool3d', 'MaxUnpool3d', [2], {}, lambda: list(F.max_pool3d(rnd(1, 1, 4, 4, 2), 2, return_indices=True)), 'train'),
    ('lppool1d', 'LPPool1d', [2, 3], {'stride': 2}, lambda: [rnd(2, 3, 7)], 'train'),
    ('lppool2d', 'LPPool2d', [1.5, [2, 3]], {'ceil_mode': True}, lambda: [rnd(1, 2, 5, 6).abs()], 'train'),
    ('fractionalmaxpool2d', 'FractionalMaxPool2d', [2], {'output_size': [3, 4], '_random_samples': torch.tensor([[[0.3, 0.7], [0.1, 0.9]]])},
     lambda: [rnd(1, 2, 7, 8)], 'train'),
    ('fractionalmaxpool3d ratio', 'FractionalMaxPool3d', [2], {'output_ratio': 0.5, '_random_samples': torch.tensor([[[0.2, 0.5, 0.8]]])},
     lambda: [rnd(1, 1, 6, 6, 6)], 'train'),
    ('fold', 'Fold', [[4, 5], [2, 2]], {'stride': 1}, lambda: [rnd(2, 3 * 4, 12)], 'train'),
    ('unfold', 'Unfold', [[2, 3]], {'padding': 1, 'stride': [2, 1], 'dilation': 1}, lambda: [rnd(2, 3, 4, 5)], 'train'),
    ('channelshuffle', 'ChannelShuffle', [2], {}, lambda: [rnd(1, 4, 2, 2)], 'train'),
    ('localresponsenorm 3d', 'LocalResponseNorm', [3], {}, lambda: [rnd(2, 5, 7)], 'train'),
    ('localresponsenorm 4d', 'LocalResponseNorm', [2], {'alpha': 0.01, 'beta': 0.5, 'k': 2}, lambda: [rnd(2, 5, 3, 3)], 'train'),
    ('crossmaplrn2d', 'CrossMapLRN2d', [3], {'alpha': 0.1}, lambda: [rnd(1, 6, 2, 2)], 'eval'),
    ('instancenorm3d', 'InstanceNorm3d', [3], {'affine': True, 'track_running_stats': True}, lambda: [rnd(2, 3, 2, 3, 3)], 'train'),
    ('convtranspose3d', 'ConvTranspose3d', [2, 3, 2], {'stride': [2, 1, 1], 'padding': 1, 'output_padding': [1, 0, 0]}, lambda: [rnd(1, 2, 3, 3, 3)], 'train'),
    ('constantpad3d', 'ConstantPad3d', [[1, 0, 2, 1, 0, 1]], {'value': 3.5}, lambda: [rnd(1, 2, 2, 2)], 'train'),
    ('reflectionpad3d', 'ReflectionPad3d', [1], {}, lambda: [rnd(1, 1, 3, 3, 3)], 'train'),
    ('replicationpad3d', 'ReplicationPad3d', [[1, 2, 0, 1, 1, 0]], {}, lambda: [rnd(1, 1, 2, 3, 3)], 'train'),
    ('upsamplingnearest2d', 'UpsamplingNearest2d', [], {'scale_factor': 2}, lambda: [rnd(1, 2, 2, 3)], 'train'),
    ('upsamplingbilinear2d', 'UpsamplingBilinear2d', [[4, 5]], {}, lambda: [rnd(1, 2, 2, 3)], 'train'),
    ('embeddingbag mean 2d', 'EmbeddingBag', [10, 3], {}, lambda: [idx([[1, 2, 4], [4, 3, 9]])], 'train'),
    ('embeddingbag sum offsets', 'EmbeddingBag', [10, 3], {'mode': 'sum', 'padding_idx': 2}, lambda: [idx([1, 2, 4, 5, 4, 3, 2, 9]), idx([0, 4])], 'train'),
    ('embeddingbag max last offset', 'EmbeddingBag', [6, 2], {'mode': 'max', 'include_last_offset': True}, lambda: [idx([0, 5, 1, 3, 2]), idx([0, 2, 5])], 'train'),
    ('lazylinear', 'LazyLinear', [3], {}, lambda: [rnd(4, 5)], 'train'),
    ('lazylinear no bias', 'LazyLinear', [2], {'bias': False}, lambda: [rnd(2, 3, 4)], 'train'),
    ('lazyconv1d', 'LazyConv1d', [4, 3], {'padding': 1}, lambda: [rnd(2, 3, 6)], 'train'),
    ('lazyconv2d', 'LazyConv2d', [4, [2, 3]], {'stride': 2, 'groups': 2, 'bias': False}, lambda: [rnd(1, 2, 5, 6)], 'train'),
    ('lazyconv3d', 'LazyConv3d', [2, 2], {}, lambda: [rnd(1, 3, 3, 3, 3)], 'train'),
    ('lazyconvtranspose1d', 'LazyConvTranspose1d', [2, 3], {'stride': 2}, lambda: [rnd(1, 3, 4)], 'train'),
    ('lazyconvtranspose2d', 'LazyConvTranspose2d', [2, 2], {}, lambda: [rnd(3, 3, 3)], 'train'),
    ('lazyconvtranspose3d', 'LazyConvTranspose3d', [1, 2], {'dilation': 2}, lambda: [rnd(1, 2, 2, 2, 2)], 'train'),
    ('lazybatchnorm1d', 'LazyBatchNorm1d', [], {}, lambda: [rnd(6, 4)], 'train'),
    ('lazybatchnorm2d', 'LazyBatchNorm2d', [], {'momentum': None}, lambda: [rnd(2, 3, 2, 2)], 'train'),
    ('lazybatchnorm3d eval', 'LazyBatchNorm3d', [], {'affine': False}, lambda: [rnd(2, 2, 2, 2, 2)], 'eval'),
    ('lazyinstancenorm1d', 'LazyInstanceNorm1d', [], {}, lambda: [rnd(2, 3, 5)], 'train'),
    ('lazyinstancenorm2d', 'LazyInstanceNorm2d', [], {'track_running_stats': False}, lambda: [rnd(2, 3, 4, 4)], 'train'),
    ('lazyinstancenorm3d', 'LazyInstanceNorm3d', [], {'affine': False}, lambda: [rnd(1, 2, 3, 3, 3)], 'train'),
]

# name, loss constructor kwargs, inputs (float ones get gradients)
LOSSES = [
    ('ctc mean', 'CTCLoss', {}, lambda: [rnd(6, 2, 4).log_softmax(2), idx([[1, 2, 2], [3, 1, 0]]), idx([6, 5]), idx([3, 2])]),
    ('ctc sum blank zero_infinity', 'CTCLoss', {'blank': 3, 'reduction': 'sum', 'zero_infinity': True},
     lambda: [rnd(4, 2, 4).log_softmax(2), idx([1, 2, 2, 0, 1, 1, 1]), idx([4, 4]), idx([3, 4])]),
    ('triplet distance', 'TripletMarginWithDistanceLoss', {'margin': 0.5, 'swap': True}, lambda: [rnd(4, 3), rnd(4, 3), rnd(4, 3)]),
    ('nllloss2d', 'NLLLoss2d', {}, lambda: [rnd(2, 3, 2, 2).log_softmax(1), idx([[[0, 1], [2, 1]], [[1, 1], [0, 2]]])]),
]

# name, function, inputs, keyword arguments (tensors in keyword arguments drawn here, from this seed)
torch.manual_seed(1999)
FUNCTIONALS = [
    ('grid_sample bilinear', 'grid_sample', lambda: [rnd(1, 2, 3, 4), torch.rand(1, 2, 3, 2) * 2.2 - 1.1], {'align_corners': False}),
    ('grid_sample nearest border', 'grid_sample', lambda: [rnd(1, 1, 3, 3), torch.rand(1, 2, 2, 2) * 2.4 - 1.2],
     {'mode': 'nearest', 'padding_mode': 'border', 'align_corners': True}),
    ('grid_sample bicubic reflection', 'grid_sample', lambda: [rnd(2, 1, 4, 4), torch.rand(2, 3, 2, 2) * 2.4 - 1.2],
     {'mode': 'bicubic', 'padding_mode': 'reflection', 'align_corners': False}),
    ('affine_grid 2d', 'affine_grid', lambda: [rnd(2, 2, 3), [2, 1, 3, 4]], {'align_corners': False}),
    ('affine_grid 3d', 'affine_grid', lambda: [rnd(1, 3, 4), [1, 1, 2, 2, 3]], {'align_corners': True}),
    ('conv_tbc', 'conv_tbc', lambda: [rnd(5, 2, 3), rnd(3, 3, 4), rnd(4), 1], {}),
    ('conv_transpose3d', 'conv_transpose3d', lambda: [rnd(1, 2, 2, 2, 2), rnd(2, 3, 2, 2, 2)], {'stride': 2}),
    ('embedding_bag per_sample_weights', 'embedding_bag', lambda: [idx([0, 2, 1, 3]), rnd(4, 3), idx([0, 1])],
     {'mode': 'sum', 'per_sample_weights': rnd(4)}),
    ('ctc_loss int lists', 'ctc_loss', lambda: [rnd(5, 1, 3).log_softmax(2), idx([[1, 2]]), [5], [2]], {'reduction': 'none'}),
    ('max_pool2d_with_indices', 'max_pool2d_with_indices', lambda: [rnd(1, 1, 4, 4), 2], {'padding': 1}),
    ('max_pool1d_with_indices', 'max_pool1d_with_indices', lambda: [rnd(1, 2, 5), 3], {'stride': 2}),
    ('adaptive_max_pool2d_with_indices', 'adaptive_max_pool2d_with_indices', lambda: [rnd(1, 2, 5, 4), [2, None]], {}),
    ('adaptive_max_pool1d_with_indices', 'adaptive_max_pool1d_with_indices', lambda: [rnd(1, 2, 5), 2], {}),
    ('adaptive_max_pool3d_with_indices', 'adaptive_max_pool3d_with_indices', lambda: [rnd(1, 1, 3, 3, 3), 2], {}),
    ('fractional_max_pool2d_with_indices', 'fractional_max_pool2d_with_indices', lambda: [rnd(1, 1, 5, 5), 2],
     {'output_size': 3, '_random_samples': torch.tensor([[[0.4, 0.6]]])}),
    ('fractional_max_pool3d indices', 'fractional_max_pool3d', lambda: [rnd(1, 1, 5, 5, 5), [2, 2, 2]],
     {'output_size': [2, 3, 2], 'return_indices': True, '_random_samples': torch.tensor([[[0.1, 0.5, 0.9]]])}),
    ('max_unpool2d output_size', 'max_unpool2d', lambda: [*F.max_pool2d(rnd(1, 1, 5, 5), 2, return_indices=True), 2], {'output_size': [5, 5]}),
    ('lp_pool1d', 'lp_pool1d', lambda: [rnd(1, 2, 6).abs(), 3, 2], {}),
    ('lp_pool2d', 'lp_pool2d', lambda: [rnd(1, 1, 4, 4), 2, 2], {'stride': 1}),
    ('local_response_norm 5d', 'local_response_norm', lambda: [rnd(1, 4, 2, 2, 2), 2], {'k': 0.5}),
    ('native_channel_shuffle', 'native_channel_shuffle', lambda: [rnd(1, 6, 2), 3], {}),
    ('channel_shuffle', 'channel_shuffle', lambda: [rnd(2, 6, 3), 2], {}),
    ('upsample', 'upsample', lambda: [rnd(1, 1, 2, 2)], {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': False}),
    ('upsample_nearest', 'upsample_nearest', lambda: [rnd(1, 1, 3)], {'size': 5}),
    ('upsample_bilinear', 'upsample_bilinear', lambda: [rnd(1, 1, 2, 3)], {'scale_factor': 2}),
    ('fold', 'fold', lambda: [rnd(1, 4, 4), [3, 3], 2], {}),
    ('unfold', 'unfold', lambda: [rnd(1, 2, 3, 3), 2], {'dilation': 1, 'padding': 0, 'stride': 1}),
    ('triplet_margin_with_distance_loss none', 'triplet_margin_with_distance_loss', lambda: [rnd(3, 2), rnd(3, 2), rnd(3, 2)], {'reduction': 'none'}),
    ('avg_pool3d', 'avg_pool3d', lambda: [rnd(1, 1, 3, 4, 4), [2, 2, 2]], {'stride': 1, 'ceil_mode': True}),
    ('adaptive_avg_pool3d', 'adaptive_avg_pool3d', lambda: [rnd(1, 1, 3, 4, 5), [None, 2, 3]], {}),
]

# name, call, kwargs for the TS side to replay (what the error test constructs or calls)
ERRORS = [
    ('FractionalMaxPool2d without sizes', lambda: nn.FractionalMaxPool2d(2), 'FractionalMaxPool2d', [2], {}),
    ('FractionalMaxPool2d both sizes', lambda: nn.FractionalMaxPool2d(2, 3, 0.5), 'FractionalMaxPool2d', [2, 3, 0.5], {}),
    ('FractionalMaxPool3d bad ratio', lambda: nn.FractionalMaxPool3d(2, output_ratio=1.5), 'FractionalMaxPool3d', [2], {'output_ratio': 1.5}),
    ('TripletMarginWithDistanceLoss positional', lambda: nn.TripletMarginWithDistanceLoss(None), 'TripletMarginWithDistanceLoss', [None], {}),
    ('Fold too many', lambda: nn.Fold(1, 2, 3, 4, 5, 6), 'Fold', [1, 2, 3, 4, 5, 6], {}),
    ('EmbeddingBag padding_idx', lambda: nn.EmbeddingBag(3, 2, padding_idx=3), 'EmbeddingBag', [3, 2], {'padding_idx': 3}),
    ('LPPool2d missing', lambda: nn.LPPool2d(2), 'LPPool2d', [2], {}),
    ('MaxUnpool2d unknown keyword', lambda: nn.MaxUnpool2d(2, bogus=1), 'MaxUnpool2d', [2], {'bogus': 1}),
]
F_ERRORS = [
    ('grid_sample mode', lambda: F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 1, 2), mode='linear'), 'grid_sample', 'grid', {'mode': 'linear'}),
    ('grid_sample padding_mode', lambda: F.grid_sample(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 1, 2), padding_mode='edge'), 'grid_sample', 'grid',
     {'padding_mode': 'edge'}),
    ('affine_grid size', lambda: F.affine_grid(torch.zeros(1, 2, 3), [1, 1, 2], align_corners=False), 'affine_grid', 'size3', {'align_corners': False}),
    ('affine_grid theta', lambda: F.affine_grid(torch.zeros(1, 3, 3), [1, 1, 2, 2], align_corners=False), 'affine_grid', 'theta33', {'align_corners': False}),
    ('embedding_bag offsets with 2d', lambda: F.embedding_bag(torch.zeros(2, 2, dtype=torch.long), torch.zeros(3, 2), torch.zeros(2, dtype=torch.long)),
     'embedding_bag', '2d_offsets', {}),
    ('embedding_bag mode', lambda: F.embedding_bag(torch.zeros(2, 2, dtype=torch.long), torch.zeros(3, 2), mode='median'), 'embedding_bag', '2d', {'mode': 'median'}),
    ('max_unpool2d output_size', lambda: F.max_unpool2d(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 2, 2, dtype=torch.long), 2, output_size=[7, 7]),
     'max_unpool2d', 'unpool', {'output_size': [7, 7]}),
    ('fractional_max_pool2d sizes', lambda: F.fractional_max_pool2d(torch.zeros(1, 1, 4, 4), 2), 'fractional_max_pool2d', 'pool', {}),
    ('channel_shuffle dims', lambda: F.channel_shuffle(torch.zeros(2, 6), 2), 'channel_shuffle', '2d_float', {}),
    ('local_response_norm dims', lambda: F.local_response_norm(torch.zeros(2, 2), 2), 'local_response_norm', 'lrn', {}),
]


def tuples(v):
    return tuple(tuples(x) for x in v) if isinstance(v, list) else v


def build(ctor, args, kwargs):
    return getattr(nn, ctor)(*[tuples(a) for a in args], **{k: tuples(v) for k, v in kwargs.items()})


def plain_args(v):
    return encode.plain(v)


def record_inputs(inputs):
    out = []
    for x in inputs:
        if isinstance(x, torch.Tensor):
            grad = x.is_floating_point()
            out.append({'$t': encode.tensor(x), 'grad': grad})
        else:
            out.append(encode.plain(x))
    return out


def leaf(inputs):
    return [x.detach().clone().requires_grad_() if isinstance(x, torch.Tensor) and x.is_floating_point() else x for x in inputs]


def backward(y):
    """Backpropagates (out * w).sum(); the error PyTorch raises when the op has no derivative."""
    y0 = y[0] if isinstance(y, tuple) else y
    w = torch.linspace(-1, 1, y0.numel()).reshape(y0.shape) if y0.dim() else torch.tensor(1.0)
    try:
        (y0 * w).sum().backward()
    except RuntimeError as e:
        return encode.error(e)
    return None


def outputs(y):
    return [encode.tensor(t) for t in y] if isinstance(y, tuple) else [encode.tensor(y)]


def cpu_forward(m):
    """SyncBatchNorm on CPU input: PyTorch 1.13 refuses it, later releases normalize as BatchNorm outside a process group."""
    try:
        return {'output': encode.tensor(m(torch.arange(8.).reshape(2, 4)))}
    except ValueError as e:
        return {'error': encode.error(e)}


def main():
    out = {'modules': [], 'losses': [], 'functionals': [], 'errors': [], 'f_errors': []}
    for i, (name, ctor, args, kwargs, make, mode) in enumerate(MODULES):
        seed = 700 + i
        torch.manual_seed(seed)
        m = build(ctor, args, kwargs)
        m.train(mode == 'train')
        repr_before = repr(m)
        keys_before = list(m.state_dict().keys())
        inputs = leaf(make())
        torch.manual_seed(seed + 1000)  # what the first call draws (a Lazy* module's init) comes from this stream
        y = m(*inputs)
        backward_error = backward(y)
        out['modules'].append({
            'name': name, 'ctor': ctor, 'args': encode.plain(args), 'kwargs': encode.plain(kwargs), 'seed': seed, 'mode': mode,
            'inputs': record_inputs(inputs), 'outputs': outputs(y),
            'input_grads': [encode.tensor(x.grad) if isinstance(x, torch.Tensor) and x.grad is not None else None for x in inputs],
            'params': {n: encode.tensor(p) for n, p in m.named_parameters()},
            'param_grads': {n: encode.tensor(p.grad) for n, p in m.named_parameters() if p.grad is not None},
            'buffers': {n: encode.tensor(b) for n, b in m.named_buffers()},
            'backward_error': backward_error, 'repr_before': repr_before, 'repr': repr(m), 'type': type(m).__name__,
            'state_dict_keys_before': keys_before, 'state_dict_keys': list(m.state_dict().keys()),
        })
    for i, (name, ctor, kwargs, make) in enumerate(LOSSES):
        torch.manual_seed(800 + i)
        inputs = leaf(make())
        loss = build(ctor, [], kwargs)
        y = loss(*inputs)
        backward(y)
        out['losses'].append({'name': name, 'ctor': ctor, 'kwargs': encode.plain(kwargs), 'inputs': record_inputs(inputs), 'outputs': outputs(y),
                              'input_grads': [encode.tensor(x.grad) if isinstance(x, torch.Tensor) and x.grad is not None else None for x in inputs],
                              'repr': repr(loss)})
    for i, (name, fn, make, kwargs) in enumerate(FUNCTIONALS):
        torch.manual_seed(900 + i)
        inputs = leaf(make())
        y = getattr(F, fn)(*inputs, **kwargs)
        backward_error = None
        if any(isinstance(x, torch.Tensor) and x.requires_grad for x in inputs) and (y[0] if isinstance(y, tuple) else y).requires_grad:
            backward_error = backward(y)
        out['functionals'].append({'name': name, 'fn': fn, 'backward_error': backward_error, 'inputs': record_inputs(inputs), 'kwargs': encode.plain(kwargs), 'outputs': outputs(y),
                                   'input_grads': [encode.tensor(x.grad) if isinstance(x, torch.Tensor) and x.grad is not None else None for x in inputs]})
    for name, call, ctor, args, kwargs in ERRORS:
        out['errors'].append({'name': name, 'ctor': ctor, 'args': encode.plain(args), 'kwargs': encode.plain(kwargs), 'error': encode.error_of(call)})
    for name, call, fn, inputs, kwargs in F_ERRORS:
        out['f_errors'].append({'name': name, 'fn': fn, 'inputs': inputs, 'kwargs': encode.plain(kwargs), 'error': encode.error_of(call)})
    pl = nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), nn.Parameter(torch.ones(4)), nn.Parameter(torch.zeros(1))])
    pd = nn.ParameterDict({'a': nn.Parameter(torch.zeros(2, 3)), 'b': nn.Parameter(torch.ones(4))})
    holder = nn.Module()
    holder.params = pd
    out['adaptive'] = []
    for seed, head_bias, target in [(1500, False, [0, 9, 4, 2, 7, 5]), (1501, True, [1, 0, 2, 1, 0, 2])]:
        torch.manual_seed(seed)
        asm = nn.AdaptiveLogSoftmaxWithLoss(8, 10, [3, 6], div_value=2.0, head_bias=head_bias)
        x = torch.randn(6, 8, requires_grad=True)
        t = torch.tensor(target)
        result = asm(x, t)
        result.loss.backward()
        out['adaptive'].append({
            'seed': seed, 'head_bias': head_bias, 'input': encode.tensor(x), 'target': encode.tensor(t), 'output': encode.tensor(result.output),
            'loss': encode.tensor(result.loss), 'input_grad': encode.tensor(x.grad),
            'param_grads': [[n, encode.tensor(p.grad)] for n, p in asm.named_parameters() if p.grad is not None],
            'log_prob': encode.tensor(asm.log_prob(x)), 'predict': encode.tensor(asm.predict(x)), 'repr': repr(asm),
            'state_dict_keys': list(asm.state_dict().keys())})
    torch.manual_seed(0)
    src = nn.Linear(5, 3)
    lazy = nn.LazyLinear(3)
    lazy.load_state_dict(src.state_dict())
    lazy(torch.randn(2, 5))
    out['lazy_loaded_repr'] = repr(lazy)
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4, momentum=None), nn.Sequential(nn.BatchNorm2d(2, affine=False)), nn.InstanceNorm1d(4))
    net.eval()
    synced = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    out['sync_batchnorm'] = {'repr': repr(synced), 'state_dict_keys': list(synced.state_dict().keys()),
                             'training': [m.training for m in synced.modules()],
                             'cpu': cpu_forward(synced[1])}
    out['containers'] = {'parameter_list': repr(pl), 'parameter_dict': repr(pd), 'nested_keys': list(holder.state_dict().keys())}
    encode.write('nn_rest', out)


main()
