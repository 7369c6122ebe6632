// Literal ports of the added torch.nn layers, functionals and parametrizations, each written with
// PyTorch's positional arguments, with the same arguments by name in one trailing options object,
// and mixed. Every variant must type-check under strict TS and give PyTorch's answer
// (test/golden/porting_nn_rest.json, written by `/usr/bin/python3 scripts/golden/porting_nn_rest.py`).
import * as torch from '../lib';
import { loadFixture, describeLiteralPorts, Case } from './porting_golden';

const nn = torch.nn, F = torch.nn.functional;
const { parametrize, parametrizations } = nn.utils;

const { fixture, load } = loadFixture('porting_nn_rest');
const seq = load('seq'), img = load('img'), vol = load('vol'), cols = load('cols'), bags = load('bags'), offsets = load('offsets');
const theta = load('theta'), a = load('a'), p = load('p'), n = load('n'), logp = load('logp'), targets = load('targets');

const fwd = (m: torch.nn.Module, ...inputs: unknown[]): unknown[] => [m, m(...inputs)];
const table = () => torch.arange(30, { dtype: torch.float32 }).reshape(10, 3);

const CASES: Case[] = [
  ['maxpool3d', () => fwd(nn.MaxPool3d(2, { stride: 1, padding: 1, ceil_mode: true }), vol), () => fwd(nn.MaxPool3d(2, 1, 1, 1, false, true), vol),
    () => fwd(nn.MaxPool3d({ kernel_size: 2, stride: 1, padding: 1, ceil_mode: true }), vol)],
  ['avgpool3d', () => fwd(nn.AvgPool3d(2, 1, 0, false, false), vol), () => fwd(nn.AvgPool3d(2, { stride: 1, count_include_pad: false }), vol)],
  ['adaptivemaxpool3d_indices', () => fwd(nn.AdaptiveMaxPool3d([2, null, 1], { return_indices: true }), vol),
    () => fwd(nn.AdaptiveMaxPool3d([2, null, 1], true), vol), () => fwd(nn.AdaptiveMaxPool3d({ output_size: [2, null, 1], return_indices: true }), vol)],
  ['maxunpool2d', () => fwd(nn.MaxUnpool2d(2, { stride: 2 }), ...F.max_pool2d(img, 2, { return_indices: true })),
    () => fwd(nn.MaxUnpool2d(2, 2), ...F.max_pool2d_with_indices(img, 2))],
  ['lppool2d', () => fwd(nn.LPPool2d(2, 3, { stride: 2 }), img), () => fwd(nn.LPPool2d(2, 3, 2), img)],
  ['lppool1d', () => fwd(nn.LPPool1d({ norm_type: 1, kernel_size: 2 }), seq), () => fwd(nn.LPPool1d(1, 2), seq)],
  ['fractional', () => fwd(nn.FractionalMaxPool2d(3, { output_ratio: [0.5, 0.5] }), img), () => fwd(nn.FractionalMaxPool2d(3, null, [0.5, 0.5]), img)],
  ['fold', () => fwd(nn.Fold({ output_size: [4, 5], kernel_size: [2, 2] }), cols), () => fwd(nn.Fold([4, 5], [2, 2]), cols),
    () => fwd(nn.Fold([4, 5], [2, 2], { dilation: 1 }), cols)],
  ['unfold', () => fwd(nn.Unfold(3, { padding: 1, stride: 2 }), img), () => fwd(nn.Unfold(3, 1, 1, 2), img)],
  ['lrn', () => fwd(nn.LocalResponseNorm(3, { alpha: 1e-3, k: 2.0 }), img), () => fwd(nn.LocalResponseNorm(3, 1e-3, 0.75, 2.0), img)],
  ['embeddingbag', () => fwd(nn.EmbeddingBag(10, 3, { mode: 'sum' }), bags, offsets),
    () => fwd(nn.EmbeddingBag({ num_embeddings: 10, embedding_dim: 3, mode: 'sum' }), bags, offsets)],
  ['embeddingbag_pretrained', () => { const e = nn.EmbeddingBag.from_pretrained(table(), { mode: 'max' }); return [e, e(bags, offsets)]; },
    () => { const e = nn.EmbeddingBag.from_pretrained(table(), true, null, 2, false, 'max'); return [e, e(bags, offsets)]; }],
  ['lazylinear', () => fwd(nn.LazyLinear(4, { bias: false }), seq), () => fwd(nn.LazyLinear(4, false), seq)],
  ['lazyconv2d', () => fwd(nn.LazyConv2d(3, 3, { padding: 1, bias: false }), img), () => fwd(nn.LazyConv2d(3, 3, 1, 1, 1, 1, false), img)],
  ['lazybatchnorm2d', () => fwd(nn.LazyBatchNorm2d({ momentum: 0.3 }), img), () => fwd(nn.LazyBatchNorm2d(1e-5, 0.3), img)],
  ['ctc', () => fwd(nn.CTCLoss({ blank: 0, reduction: 'sum' }), logp, targets, torch.tensor([5, 4]), torch.tensor([2, 1])),
    () => fwd(nn.CTCLoss(0, 'sum'), logp, targets, torch.tensor([5, 4]), torch.tensor([2, 1]))],
  ['triplet_distance', () => fwd(nn.TripletMarginWithDistanceLoss({ distance_function: nn.PairwiseDistance({ p: 1 }), margin: 0.5 }), a, p, n),
    () => fwd(nn.TripletMarginWithDistanceLoss({ distance_function: nn.PairwiseDistance(1), margin: 0.5 }), a, p, n)],
  ['adaptive_softmax', () => { const m = nn.AdaptiveLogSoftmaxWithLoss(6, 6, [2, 4], { div_value: 2.0 }); return [m, [...m(a.repeat(1, 2), torch.tensor([0, 3, 5, 1]))]]; },
    () => { const m = nn.AdaptiveLogSoftmaxWithLoss({ in_features: 6, n_classes: 6, cutoffs: [2, 4], div_value: 2.0 }); const r = m(a.repeat(1, 2), torch.tensor([0, 3, 5, 1])); return [m, [r.output, r.loss]]; }],
  ['F_max_pool3d_indices', () => F.max_pool3d(vol, 2, { return_indices: true }), () => F.max_pool3d_with_indices(vol, 2),
    () => F.max_pool3d(vol, 2, null, 0, 1, false, true)],
  ['F_max_pool2d_with_indices', () => F.max_pool2d_with_indices(img, { kernel_size: 3, stride: 2 }), () => F.max_pool2d_with_indices(img, 3, 2)],
  ['F_avg_pool3d', () => F.avg_pool3d(vol, { kernel_size: 2, stride: 1, divisor_override: 3 }), () => F.avg_pool3d(vol, 2, 1, 0, false, true, 3)],
  ['F_adaptive_avg_pool3d', () => F.adaptive_avg_pool3d(vol, [null, 2, 3]), () => F.adaptive_avg_pool3d({ input: vol, output_size: [null, 2, 3] })],
  ['F_grid_sample', () => F.grid_sample(img, F.affine_grid(theta, [2, 4, 3, 3], { align_corners: false }), { mode: 'bilinear', padding_mode: 'border', align_corners: false }),
    () => F.grid_sample(img, F.affine_grid(theta, [2, 4, 3, 3], false), 'bilinear', 'border', false)],
  ['F_unfold_fold', () => F.fold(F.unfold(img, { kernel_size: 2, stride: 2 }), { output_size: 6, kernel_size: 2, stride: 2 }),
    () => F.fold(F.unfold(img, 2, 1, 0, 2), 6, 2, 1, 0, 2)],
  ['F_embedding_bag', () => F.embedding_bag(bags, table(), offsets, { mode: 'mean' }), () => F.embedding_bag(bags, table(), offsets, null, 2, false, 'mean')],
  ['F_ctc_loss', () => F.ctc_loss(logp, targets, [5, 4], [2, 1], { reduction: 'none', zero_infinity: true }), () => F.ctc_loss(logp, targets, [5, 4], [2, 1], 0, 'none', true)],
  ['F_lp_pool1d', () => F.lp_pool1d(seq.abs(), 2, 3, { stride: 1 }), () => F.lp_pool1d(seq.abs(), 2, 3, 1)],
  ['F_local_response_norm', () => F.local_response_norm(seq, 2, { k: 0.5 }), () => F.local_response_norm(seq, 2, 1e-4, 0.75, 0.5)],
  ['F_channel_shuffle', () => F.channel_shuffle(img, 2), () => F.channel_shuffle(img, { groups: 2 })],
  ['F_triplet_distance', () => F.triplet_margin_with_distance_loss(a, p, n, { margin: 2.0, swap: true, reduction: 'sum' })],
  ['spectral_norm', () => fwd(parametrizations.spectral_norm(nn.Linear(3, 2), { n_power_iterations: 2 }), a),
    () => fwd(parametrizations.spectral_norm(nn.Linear(3, 2), 'weight', 2), a)],
  ['orthogonal', () => fwd(parametrizations.orthogonal(nn.Linear(3, 3), 'weight', { orthogonal_map: 'cayley' }), a),
    () => fwd(parametrizations.orthogonal(nn.Linear(3, 3), 'weight', 'cayley'), a)],
  ['register_parametrization', () => fwd(parametrize.register_parametrization(nn.Linear(3, 2), 'bias', nn.Tanh()), a),
    () => fwd(parametrize.register_parametrization(nn.Linear(3, 2), 'bias', nn.Tanh(), { unsafe: false }), a)],
  ['weight_norm_hook', () => fwd(nn.utils.weight_norm(nn.Linear(3, 2), { name: 'weight', dim: 1 }), a), () => fwd(nn.utils.weight_norm(nn.Linear(3, 2), 'weight', 1), a)],
  ['spectral_norm_hook', () => fwd(nn.utils.spectral_norm(nn.Linear(3, 2), { eps: 1e-6 }), a), () => fwd(nn.utils.spectral_norm(nn.Linear(3, 2), 'weight', 1, 1e-6), a)],
];

describeLiteralPorts('literal ports of the added torch.nn API give PyTorch results', CASES, fixture, 1e-5);

// Misuses the types reject (never run).
const typeErrors = () => [
  // @ts-expect-error without return_indices, max_pool3d is one tensor
  F.max_pool3d(vol, 2)[1].shape,
  // @ts-expect-error TripletMarginWithDistanceLoss takes keyword arguments only
  nn.TripletMarginWithDistanceLoss(null),
  // @ts-expect-error bias is a boolean
  nn.LazyLinear(4, { bias: 'no' }),
  // @ts-expect-error misspelled keyword
  F.grid_sample(img, img, { align_corner: true }),
  // @ts-expect-error the parametrization is a module
  parametrize.register_parametrization(nn.Linear(3, 2), 'weight', (x: torch.Tensor) => x),
];
test('type errors are compile-time only', () => expect(typeof typeErrors).toBe('function'));
