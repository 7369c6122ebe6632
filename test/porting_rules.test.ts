// The porting rules (README "Porting rules", docs/architecture.md): literal ports of common PyTorch calls,
// each written with PyTorch's positional arguments and with the same arguments given by name in
// one trailing options object. Every variant must type-check (this file is part of
// `tsc -p tsconfig.test.json`) and give PyTorch's answer (test/golden/porting.json, written by
// `/usr/bin/python3 scripts/golden/porting.py`).
import * as torch from '../lib';
import { loadFixture, describeLiteralPorts, Case } from './porting_golden';

const { fixture, load } = loadFixture('porting');
const x = load('x'), y = load('y'), x3 = load('x3'), v = load('v'), a = load('a'), b = load('b');
const bx = load('bx'), by = load('by'), img = load('img'), pos = load('pos');
const idx = load('idx'), sel = load('sel'), ints = load('ints'), labels = load('labels');

const F = torch.float64;

/** Each entry: a golden case name and its literal ports (positional and named forms). */
const CASES: Case[] = [
  // ---- reductions
  ['sum_all', () => x.sum(), () => torch.sum(x)],
  ['sum_dim_keepdim', () => x.sum({ axis: 1, keepdims: true }), () => torch.sum(x, { axis: 1, keepdims: true }),
    () => x.sum({ dim: 1, keepdim: true }), () => x.sum(1, true), () => x.sum(1, { keepdim: true }),
    () => torch.sum(x, 1, true), () => torch.sum(x, { dim: 1, keepdim: true }), () => torch.sum(x, 1, { keepdim: true }),
    () => torch.sum({ input: x, dim: 1, keepdim: true })],
  ['sum_dims', () => x3.sum([0, 2]), () => x3.sum({ dim: [0, 2] })],
  ['sum_dim_dtype', () => x.sum(1, { dtype: F }), () => x.sum({ dim: 1, dtype: F })],
  ['sum_all_dtype', () => x.sum({ dtype: F })],
  ['mean_dims', () => x3.mean({ dim: [1, 2] }), () => x3.mean([1, 2]), () => torch.mean(x3, [1, 2])],
  ['mean_dim0', () => x.mean({ axis: 0 }), () => x.mean(0), () => x.mean({ dim: 0 }), () => torch.mean(x, { dim: 0 })],
  ['mean_keepdim', () => x.mean({ dim: 1, keepdim: true }), () => x.mean(1, true)],
  ['std_dim_unbiased', () => x.std({ dim: 1, unbiased: false }), () => x.std(1, false), () => x.std(1, { unbiased: false })],
  ['std_unbiased', () => x.std({ unbiased: false }), () => x.std(false)],
  ['std_all', () => x.std(), () => torch.std(x)],
  ['std_correction', () => x.std(1, { correction: 0 }), () => x.std({ dim: 1, correction: 0 })],
  ['var_dim_keepdim', () => x.var({ dim: 0, keepdim: true }), () => x.var(0, { keepdim: true }), () => x.var(0, true, true), () => torch.var(x, 0, { keepdim: true })],
  ['var_all', () => x.var()],
  ['prod_dim', () => x.prod({ dim: 1 }), () => x.prod(1)],
  ['max_all', () => x.max(), () => torch.max(x)],
  ['max_dim', () => x.max({ axis: 1 }), () => torch.max(x, { axis: 1 }), () => x.max({ dim: 1 }), () => x.max(1), () => torch.max(x, 1), () => torch.max(x, { dim: 1 })],
  ['max_dim_keepdim', () => x.max(1, { keepdim: true }), () => x.max(1, true), () => x.max({ dim: 1, keepdim: true }), () => torch.max(x, 1, true)],
  ['max_values', () => x.max({ dim: 1 }).values, () => x.max(1)[0], () => torch.max(x, 1).values],
  ['max_indices', () => x.max(1)[1], () => x.max(1).indices, () => torch.max(x, { dim: 1 }).indices],
  ['max_binary', () => torch.max(x, y), () => x.max(y), () => x.max({ other: y }), () => torch.max(x, { other: y })],
  ['min_dim', () => x.min({ dim: 0 }), () => x.min(0), () => torch.min(x, 0)],
  ['min_binary', () => torch.min(x, y), () => x.min(y)],
  ['argmax_dim', () => x.argmax({ dim: 1 }), () => x.argmax(1), () => torch.argmax(x, { dim: 1 }), () => torch.argmax(x, 1)],
  ['argmax_all', () => x.argmax(), () => torch.argmax(x)],
  ['argmax_keepdim', () => x.argmax({ axis: 1, keepdims: true }), () => x.argmax({ dim: 1, keepdim: true }), () => x.argmax(1, true), () => x.argmax(1, { keepdim: true })],
  ['argmin_dim', () => x.argmin(0), () => x.argmin({ dim: 0 })],
  ['median_dim', () => x.median({ dim: 1 }), () => x.median(1), () => torch.median(x, 1)],
  ['median_all', () => x.median(), () => torch.median(x)],
  ['logsumexp', () => x.logsumexp({ dim: 1 }), () => x.logsumexp(1), () => torch.logsumexp(x, 1)],
  ['all_dim', () => x.gt(0).all({ dim: 1 }), () => x.gt(0).all(1), () => torch.all(x.gt(0), 1)],
  ['any_all', () => x.gt(0).any(), () => torch.any(x.gt(0))],
  ['amax_dims', () => x3.amax({ dim: [1, 2] }), () => x3.amax([1, 2])],
  ['norm_p2_dim_keepdim',
    () => x.norm({ p: 2, dim: 1, keepdim: true }), () => x.norm(2, 1, true), () => x.norm(2, { dim: 1, keepdim: true }),
    () => torch.norm(x, { p: 2, dim: 1, keepdim: true }), () => torch.norm(x, 2, 1, true)],
  ['norm_all', () => x.norm(), () => torch.norm(x), () => x.norm({ p: 'fro' })],
  ['norm_dim', () => x.norm({ dim: 1 }), () => torch.norm(x, { dim: 1 }), () => x.norm(null, 1)],
  ['norm_p1', () => x.norm(1), () => x.norm({ p: 1 })],
  ['cumsum', () => x.cumsum({ dim: 0 }), () => x.cumsum(0), () => torch.cumsum(x, { dim: 0 }), () => torch.cumsum(x, 0)],
  ['cumsum_dtype', () => x.cumsum(1, { dtype: F }), () => x.cumsum({ dim: 1, dtype: F })],
  ['cumprod', () => x.cumprod(1), () => x.cumprod({ dim: 1 })],
  ['count_nonzero', () => x.gt(0).count_nonzero({ dim: 1 }), () => x.gt(0).count_nonzero(1)],
  ['std_mean', () => torch.std_mean(x, { dim: 1 }), () => torch.std_mean(x, 1)],
  ['accuracy', () => x.argmax(1).eq(labels).float().mean()],
  ['correct_count', () => x.argmax({ dim: 1 }).eq(labels).sum().item(), () => {
    let correct = 0;
    correct += x.argmax(1).eq(labels).sum().item();
    return correct;
  }],

  // ---- sorting
  ['topk', () => x.topk(3, { dim: 1 }), () => x.topk({ k: 3, dim: 1 }), () => x.topk(3, 1), () => torch.topk(x, 3, { dim: 1 }), () => torch.topk(x, 3, 1)],
  ['topk_smallest', () => x.topk(2, { largest: false }), () => x.topk(2, -1, false)],
  ['topk_indices', () => x.topk(3).indices, () => x.topk(3)[1]],
  ['sort_desc', () => x.sort({ dim: 1, descending: true }), () => x.sort(1, true), () => x.sort(1, { descending: true }), () => torch.sort(x, { dim: 1, descending: true })],
  ['sort_default', () => x.sort(), () => torch.sort(x)],
  ['sort_values', () => x.sort(0).values, () => x.sort(0)[0]],
  ['argsort', () => x.argsort({ dim: 1, descending: true }), () => x.argsort(1, true), () => torch.argsort(x, 1, true)],
  ['kthvalue', () => x.kthvalue(2, { dim: 1 }), () => x.kthvalue(2, 1)],

  // ---- joining and splitting
  ['cat_dim1', () => torch.cat([x, y], { axis: 1 }), () => torch.cat([x, y], { dim: 1 }), () => torch.cat([x, y], 1), () => torch.cat({ tensors: [x, y], dim: 1 }), () => torch.concat([x, y], 1)],
  ['cat_default', () => torch.cat([x, y]), () => torch.cat([x, y], 0)],
  ['stack_dim0', () => torch.stack([x, y], { dim: 0 }), () => torch.stack([x, y]), () => torch.stack({ tensors: [x, y] })],
  ['stack_dim1', () => torch.stack([x, y], 1)],
  ['chunk_last', () => x.chunk(2, { dim: -1 }), () => x.chunk(2, -1), () => x.chunk({ chunks: 2, dim: -1 }), () => torch.chunk(x, 2, { dim: -1 }), () => torch.chunk(x, 2, -1)],
  ['split_int', () => x.split(2, { dim: 1 }), () => x.split(2, 1), () => x.split({ split_size: 2, dim: 1 }), () => torch.split(x, 2, { dim: 1 }), () => torch.split(x, 2, 1)],
  ['split_sizes', () => x.split([2, 3], { dim: 1 }), () => x.split([2, 3], 1), () => torch.split(x, [2, 3], { dim: 1 })],
  ['unbind', () => x.unbind(1), () => x.unbind({ dim: 1 }), () => torch.unbind(x, 1)],

  // ---- shapes
  ['transpose', () => x.transpose(0, 1), () => x.transpose({ dim0: 0, dim1: 1 }), () => x.transpose(0, { dim1: 1 }), () => torch.transpose(x, 0, 1), () => x.T, () => x.swapdims(0, 1)],
  ['permute', () => x3.permute(2, 0, 1), () => x3.permute([2, 0, 1]), () => x3.permute({ dims: [2, 0, 1] }), () => torch.permute(x3, [2, 0, 1])],
  ['view', () => img.view(-1, 16), () => img.view([-1, 16]), () => img.view({ size: [-1, 16] })],
  ['view_size0', () => img.view(img.size(0), -1), () => img.view(img.shape[0], -1), () => img.view(img.size({ dim: 0 }), -1)],
  ['reshape', () => x3.reshape(2, -1), () => x3.reshape([2, -1]), () => x3.reshape({ shape: [2, -1] }), () => torch.reshape(x3, [2, -1])],
  ['flatten_start1', () => img.flatten({ start_dim: 1 }), () => img.flatten(1), () => torch.flatten(img, 1), () => torch.flatten(img, { start_dim: 1 })],
  ['flatten_all', () => img.flatten(), () => torch.flatten(img)],
  ['flatten_range', () => img.flatten(1, 2), () => img.flatten(1, { end_dim: 2 }), () => img.flatten({ start_dim: 1, end_dim: 2 })],
  ['unflatten', () => x.unflatten(1, [5, 1]), () => x.unflatten({ dim: 1, sizes: [5, 1] }), () => x.unflatten(1, { sizes: [5, 1] })],
  ['unsqueeze', () => x.unsqueeze({ axis: 1 }), () => x.unsqueeze({ dim: 1 }), () => x.unsqueeze(1), () => torch.unsqueeze(x, 1), () => torch.unsqueeze(x, { dim: 1 })],
  ['squeeze_dim', () => img.squeeze({ axis: 1 }), () => img.squeeze(1), () => img.squeeze({ dim: 1 }), () => torch.squeeze(img, 1)],
  ['squeeze_all', () => img.squeeze(), () => torch.squeeze(img)],
  ['repeat_interleave', () => v.repeat_interleave(3, { dim: 0 }), () => v.repeat_interleave(3, 0), () => v.repeat_interleave({ repeats: 3, dim: 0 }), () => torch.repeat_interleave(v, 3, { dim: 0 })],
  ['repeat_interleave_tensor', () => ints.repeat_interleave(torch.tensor([1, 2, 1, 0, 1, 2]))],
  ['expand', () => v.expand(3, -1), () => v.expand([3, -1]), () => v.expand({ size: [3, -1] })],
  ['expand_as', () => v.expand_as(x), () => v.expand_as({ other: x })],
  ['repeat', () => x.repeat(1, 2), () => x.repeat([1, 2]), () => x.repeat({ repeats: [1, 2] })],
  ['tile', () => x.tile(2, 1), () => x.tile([2, 1]), () => torch.tile(x, [2, 1])],
  ['flip', () => x.flip(0), () => x.flip([0]), () => x.flip({ dims: [0] }), () => torch.flip(x, [0])],
  ['flip_01', () => x.flip(0, 1), () => x.flip([0, 1])],
  ['roll', () => x.roll(1, { dims: 0 }), () => x.roll(1, 0), () => torch.roll(x, 1, 0)],
  ['narrow', () => x.narrow(0, 1, 2), () => x.narrow({ dim: 0, start: 1, length: 2 }), () => torch.narrow(x, 0, 1, 2)],
  ['select', () => x.select(1, 2), () => x.select({ dim: 1, index: 2 }), () => torch.select(x, 1, 2)],
  ['t', () => x.t(), () => torch.t(x)],
  ['mT', () => x3.mT, () => x3.transpose(-2, -1)],
  ['contiguous', () => x.t().contiguous().is_contiguous()],
  ['channels_last', () => [img.to({ memory_format: torch.channels_last }).stride(), img.to({ memory_format: torch.channels_last }).is_contiguous({ memory_format: torch.channels_last })],
    () => { const memory_format = torch.channels_last, t = img.to({ memory_format }); return [t.stride(), t.is_contiguous({ memory_format })]; }],
  ['broadcast_to', () => v.broadcast_to([3, 5]), () => v.broadcast_to(3, 5), () => torch.broadcast_to(v, [3, 5])],
  ['index_rows', () => x.index(sel)],
  ['index_col', () => x.index(':', 1)],
  ['index_mask', () => x.index(x.gt(0))],
  ['index_slice', () => x3.index('...', '1:3')],

  // ---- clamping
  ['clamp_min_max', () => x.clamp({ min: 0, max: 1 }), () => x.clamp(0, 1), () => x.clamp(0, { max: 1 }), () => torch.clamp(x, { min: 0, max: 1 }), () => torch.clamp(x, 0, 1)],
  ['clamp_min', () => x.clamp({ min: 0 }), () => x.clamp(0), () => torch.clamp(x, { min: 0 }), () => x.clamp_min(0)],
  ['clamp_max', () => x.clamp({ max: 0.5 }), () => x.clamp(null, 0.5), () => torch.clamp(x, { max: 0.5 })],
  ['clamp_pos', () => torch.clamp(x, 0, 2), () => x.clamp(0, 2)],
  ['clamp_inplace', () => x.clone().clamp_({ min: 0 }), () => x.clone().clamp_(0)],
  ['clamp_tensor', () => x.clamp({ min: y }), () => x.clamp(y)],
  ['clip', () => x.clip(-0.5, 0.5), () => x.clip({ min: -0.5, max: 0.5 })],

  // ---- element-wise
  ['round_decimals', () => x.round({ decimals: 1 }), () => torch.round(x, { decimals: 1 })],
  ['round', () => x.round(), () => torch.round(x)],
  ['pow2', () => x.pow(2), () => x.pow({ exponent: 2 }), () => torch.pow(x, 2)],
  ['pow_scalar_base', () => torch.pow(2, x)],
  ['pow_tensor', () => pos.pow(y), () => torch.pow(pos, y)],
  ['exp', () => x.exp(), () => torch.exp(x)],
  ['abs_', () => x.clone().abs_(), () => torch.abs_(x.clone())],
  ['mul_', () => x.clone().mul_(2), () => x.clone().mul_({ other: 2 })],
  ['mul_scalar_first', () => torch.mul(2, x), () => torch.mul(x, 2)],
  ['add_alpha', () => x.add(y, { alpha: 2 }), () => torch.add(x, y, { alpha: 2 }), () => x.add({ other: y, alpha: 2 })],
  ['add_inplace_alpha', () => x.clone().add_(y, { alpha: 2 })],
  ['sub_alpha', () => x.sub(y, { alpha: 0.5 }), () => torch.sub(x, y, { alpha: 0.5 })],
  ['rsub', () => x.rsub(1), () => torch.sub(1, x)],
  ['lerp', () => x.lerp(y, 0.5), () => x.lerp(y, { weight: 0.5 }), () => x.lerp({ end: y, weight: 0.5 }), () => torch.lerp(x, y, 0.5)],
  ['div_floor', () => x.div(y, { rounding_mode: 'floor' }), () => torch.div(x, y, { rounding_mode: 'floor' }), () => x.divide(y, { rounding_mode: 'floor' })],
  ['div_scalar', () => x.div(2), () => torch.div(x, 2)],
  ['floor_divide', () => ints.floor_divide(2), () => ints.div(2, { rounding_mode: 'floor' })],
  ['remainder', () => ints.remainder(2), () => torch.remainder(ints, 2)],
  ['eq', () => x.gt(0).eq(y.gt(0)), () => x.gt(0).eq({ other: y.gt(0) }), () => torch.eq(x.gt(0), y.gt(0))],
  ['eq_sum', () => x.gt(0).eq(y.gt(0)).sum()],
  ['matmul', () => torch.matmul(a, b), () => a.matmul(b), () => a.matmul({ other: b }), () => a.mm(b), () => a.mm({ mat2: b }), () => torch.mm(a, b)],
  ['bmm', () => torch.bmm(bx, by), () => bx.bmm(by), () => bx.matmul(by)],
  ['mv', () => a.mv(b.select(1, 0)), () => a.mv({ vec: b.index(':', 0) })],
  ['einsum', () => torch.einsum('ij,jk->ik', a, b), () => torch.einsum('ij,jk->ik', [a, b])],
  ['einsum_batch', () => torch.einsum('bij,bjk->bik', bx, by)],
  ['softmax', () => x.softmax({ axis: -1 }), () => x.softmax({ dim: -1 }), () => x.softmax(-1), () => torch.softmax(x, -1), () => torch.softmax(x, { dim: -1 })],
  ['softmax_dtype', () => x.softmax(-1, { dtype: F }), () => x.softmax(-1, F), () => x.softmax({ dim: -1, dtype: F })],
  ['log_softmax', () => x.log_softmax(-1), () => x.log_softmax({ dim: -1 }), () => torch.log_softmax(x, 1)],
  ['sigmoid', () => x.sigmoid(), () => torch.sigmoid(x)],
  ['tanh', () => torch.tanh(x), () => x.tanh()],
  ['relu', () => torch.relu(x), () => x.relu()],
  ['sqrt', () => pos.sqrt(), () => torch.sqrt(pos)],
  ['neg', () => x.neg(), () => torch.neg(x), () => x.negative()],
  ['logical_not', () => x.gt(0).logical_not(), () => x.gt(0).bitwise_not()],
  ['maximum', () => torch.maximum(x, y), () => x.maximum(y), () => x.maximum({ other: y })],
  ['outer', () => torch.outer(v, v), () => v.outer(v)],
  ['allclose_true', () => torch.allclose(x, x.add(1e-7), { atol: 1e-6 }), () => x.allclose(x.add(1e-7), { atol: 1e-6 })],
  ['allclose_false', () => torch.allclose(x, y), () => x.allclose({ other: y })],
  ['equal', () => torch.equal(x, x.clone()), () => x.equal(x.clone())],
  ['where', () => torch.where(x.gt(0), x, y), () => x.where(x.gt(0), y), () => torch.where({ condition: x.gt(0), input: x, other: y })],
  ['where_scalar', () => torch.where(x.gt(0), x, 0), () => torch.where(x.gt(0), x, torch.tensor(0.0, { dtype: torch.float32 }))],
  ['where_cond', () => torch.where(x.gt(0))],
  ['masked_fill', () => x.masked_fill(x.gt(0), 0), () => x.masked_fill({ mask: x.gt(0), value: 0 }), () => x.masked_fill(x.gt(0), { value: 0 }), () => torch.masked_fill(x, x.gt(0), 0)],
  ['masked_fill_inf', () => x.masked_fill(x.gt(0), -Infinity)],
  ['masked_fill_', () => x.clone().masked_fill_(x.gt(0), 1.5)],
  ['gather', () => x.gather(1, idx), () => x.gather({ dim: 1, index: idx }), () => x.gather(1, { index: idx }), () => torch.gather(x, 1, idx)],
  ['scatter_value', () => torch.zeros(4, 5).scatter_(1, idx, 1.0), () => torch.zeros(4, 5).scatter_(1, idx, { value: 1.0 }), () => torch.zeros(4, 5).scatter_({ dim: 1, index: idx, value: 1.0 })],
  ['scatter_src', () => torch.zeros(4, 5).scatter(1, idx, x.index(':', ':2')), () => torch.zeros(4, 5).scatter(1, idx, { src: x.narrow(1, 0, 2) })],
  ['scatter_add', () => torch.zeros(4, 5).scatter_add(1, idx, x.index(':', ':2')), () => torch.scatter_add(torch.zeros(4, 5), 1, idx, x.index(':', ':2'))],
  ['index_select', () => x.index_select(0, sel), () => x.index_select({ dim: 0, index: sel }), () => torch.index_select(x, 0, sel)],
  ['masked_select', () => x.masked_select(x.gt(0)), () => torch.masked_select(x, x.gt(0)), () => x.masked_select({ mask: x.gt(0) })],
  ['nonzero', () => x.gt(0).nonzero(), () => torch.nonzero(x.gt(0))],
  ['nonzero_tuple', () => x.gt(0).nonzero({ as_tuple: true }), () => torch.nonzero(x.gt(0), { as_tuple: true })],
  ['index_put_',
    () => x.clone().index_put_([sel], torch.tensor(1.0, { dtype: torch.float32 }), { accumulate: true }),
    () => x.clone().index_put_([sel], torch.tensor(1.0, { dtype: torch.float32 }), true),
    () => x.clone().index_put_({ indices: [sel], values: torch.tensor(1.0, { dtype: torch.float32 }), accumulate: true })],
  ['diff', () => x.diff({ dim: 0 }), () => x.diff(1, 0), () => torch.diff(x, { dim: 0 })],
  ['tril', () => x.tril(1), () => x.tril({ diagonal: 1 }), () => torch.tril(x, 1)],
  ['triu', () => x.triu({ diagonal: -1 }), () => x.triu(-1), () => torch.triu(x, { diagonal: -1 })],
  ['unique', () => torch.unique(ints), () => ints.unique()],
  ['unique_counts', () => torch.unique(ints, { return_counts: true }), () => ints.unique({ return_counts: true })],
  ['unique_inverse', () => torch.unique(ints, { sorted: true, return_inverse: true }), () => ints.unique(true, true)],
  ['cdist', () => torch.cdist(a, a)],
  ['cdist_p1', () => torch.cdist(a, a, { p: 1 }), () => torch.cdist(a, a, 1)],
  ['tensordot', () => torch.tensordot(a, b, { dims: 1 }), () => torch.tensordot(a, b, 1)],
  ['tensordot_lists', () => torch.tensordot(a, b, { dims: [[1], [0]] }), () => torch.tensordot(a, b, [[1], [0]])],
  ['cosine_similarity', () => torch.cosine_similarity(x, y, { dim: 1 }), () => torch.cosine_similarity(x, y, 1), () => torch.cosine_similarity(x, y)],
  ['swapaxes', () => x.swapaxes(0, 1), () => x.swapaxes({ axis0: 0, axis1: 1 }), () => torch.swapaxes(x, 0, 1)],
  ['fill_', () => x.clone().fill_(2.5), () => x.clone().fill_({ value: 2.5 })],
  ['zero_', () => x.clone().zero_()],
  ['copy_', () => torch.zeros(4, 5).copy_(x), () => torch.zeros(4, 5).copy_({ other: x }), () => torch.zeros(4, 5).copy_(x, { non_blocking: false })],

  // ---- conversion and properties
  ['to_float64', () => x.to(F), () => x.to({ dtype: F }), () => x.to('cpu', F), () => x.to(torch.device('cpu'), F), () => x.to({ device: 'cpu', dtype: F }),
    () => x.to(F, { copy: true }), () => x.to('cpu', F, { non_blocking: true }), () => x.to('cpu', F, false, true), () => x.to(F, false, true), () => x.double(), () => x.type(F)],
  ['to_cpu', () => x.to('cpu'), () => x.to(torch.device('cpu')), () => x.cpu(), () => x.to({ device: 'cpu' })],
  ['to_other', () => ints.to(x), () => ints.type_as(x), () => ints.to(x, { copy: true })],
  ['type_str', () => x.type()],
  ['type_str_long', () => ints.type()],
  ['type_dtype', () => x.type(F), () => x.type({ dtype: F }), () => x.type(F).add(0)],
  ['type_name', () => x.type('torch.DoubleTensor')],
  ['float', () => ints.float()],
  ['long', () => x.long()],
  ['int', () => x.int()],
  ['bool', () => x.bool()],
  ['tolist', () => ints.tolist()],
  ['item', () => x.sum().item()],
  ['item_int', () => ints.sum().item()],
  ['item_accumulate', () => {
    let total = 0;
    total += x.sum().item();
    total += y.sum().item();
    return total;
  }],
  ['detach_clone', () => x.detach().clone()],
  ['numel', () => x3.numel(), () => torch.numel(x3), () => x3.nelement()],
  ['dim', () => x3.dim(), () => x3.ndim],
  ['size0', () => x3.size(0), () => x3.size({ dim: 0 }), () => x3.shape[0]],
  ['size_last', () => x3.size(-1)],
  ['shape', () => x3.shape, () => x3.size()],
  ['ndim', () => x3.ndim],
  ['stride0', () => x3.stride(0), () => x3.stride({ dim: 0 })],
  ['new_zeros', () => x.new_zeros(2, 3), () => x.new_zeros([2, 3]), () => x.new_zeros({ size: [2, 3] })],
  ['new_zeros_dtype', () => x.new_zeros([2, 3], { dtype: torch.int64 }), () => x.new_zeros(2, 3, { dtype: torch.int64 })],
  ['new_ones', () => x.new_ones(2, 3), () => x.new_ones([2, 3])],
  ['new_full', () => x.new_full([2, 3], 7.5), () => x.new_full([2, 3], { fill_value: 7.5 })],
  ['new_tensor', () => x.new_tensor([1, 2])],
  ['is_floating_point', () => torch.is_floating_point(x), () => x.is_floating_point()],

  ['legacy_float', () => torch.FloatTensor([1, 2])],
  ['legacy_long', () => torch.LongTensor([[1, 2], [3, 4]])],
  ['legacy_sizes', () => torch.FloatTensor(2, 3).shape],
  ['type_legacy', () => ints.type(torch.DoubleTensor), () => ints.type({ dtype: torch.DoubleTensor })],
  ['as_tensor', () => torch.as_tensor([1, 2], { dtype: F }), () => torch.as_tensor([1, 2], F)],
  ['as_tensor_same', () => torch.as_tensor(x) === x],
  ['linalg_norm', () => torch.linalg.norm(x, { dim: 1 }), () => torch.linalg.norm(x, null, 1)],
  ['linalg_vector_norm', () => torch.linalg.vector_norm(x, { ord: 1, dim: 1 }), () => torch.linalg.vector_norm(x, 1, 1)],
  ['linalg_matrix_norm', () => torch.linalg.matrix_norm(a)],
  ['linalg_inv', () => torch.linalg.inv(a.matmul(a.T).add(torch.eye(3)))],
  ['linalg_svdvals', () => torch.linalg.svd(a).S, () => torch.linalg.svd(a)[1]],
  ['linalg_solve', () => torch.linalg.solve(a.matmul(a.T).add(torch.eye(3)), a)],
  ['finfo_eps', () => torch.finfo(torch.float32).eps, () => new torch.finfo(torch.float32).eps],
  ['finfo_default', () => torch.finfo().tiny],
  ['finfo_max64', () => torch.finfo(torch.float64).max],
  ['iinfo_max', () => torch.iinfo(torch.int32).max],
  ['pi', () => torch.pi],
  ['meshgrid', () => torch.meshgrid(v.index(':2'), v.index(':3'), { indexing: 'ij' }), () => torch.meshgrid([v.index(':2'), v.index(':3')], { indexing: 'ij' })],
  ['isin', () => torch.isin(ints, torch.tensor([1, 3])), () => torch.isin(ints, { test_elements: torch.tensor([1, 3]) })],
  ['sum_axis', () => x.sum({ axis: 1, keepdims: true })],

  // ---- creation
  ['zeros_dtype', () => torch.zeros(2, 3, { dtype: F }), () => torch.zeros([2, 3], { dtype: F }), () => torch.zeros({ size: [2, 3], dtype: F })],
  ['ones', () => torch.ones(2, 3), () => torch.ones([2, 3])],
  ['zeros_like_dtype', () => torch.zeros_like(x, { dtype: torch.int64 })],
  ['ones_like', () => torch.ones_like(x)],
  ['full_like', () => torch.full_like(x, 7.5), () => torch.full_like(x, { fill_value: 7.5 })],
  ['full', () => torch.full([2, 2], 3.5), () => torch.full({ size: [2, 2], fill_value: 3.5 }), () => torch.full([2, 2], { fill_value: 3.5 })],
  ['full_dtype', () => torch.full([2, 2], 3.0, { dtype: torch.float32 })],
  ['arange_step', () => torch.arange(0, 10, 2), () => torch.arange({ start: 0, end: 10, step: 2 }), () => torch.arange(0, 10, { step: 2 })],
  ['arange_end', () => torch.arange(5), () => torch.arange({ end: 5 })],
  ['arange_float', () => torch.arange(0, 1, 0.25)],
  ['arange_dtype', () => torch.arange(5, { dtype: torch.float32 })],
  ['linspace', () => torch.linspace(0, 1, { steps: 5 }), () => torch.linspace(0, 1, 5), () => torch.linspace({ start: 0, end: 1, steps: 5 })],
  ['logspace', () => torch.logspace(0, 2, { steps: 3 }), () => torch.logspace(0, 2, 3)],
  ['randint', () => torch.randint(0, 10, [3]), () => torch.randint(0, 10, { size: [3] }), () => torch.randint({ low: 0, high: 10, size: [3] })],
  ['randint_high', () => torch.randint(10, [3]), () => torch.randint({ high: 10, size: [3] }), () => torch.randint(10, { size: [3] })],
  ['randn_grad', () => torch.randn(2, 3, { requires_grad: true }), () => torch.randn([2, 3], { requires_grad: true })],
  ['randn_list', () => torch.randn([2, 3]), () => torch.randn(2, 3), () => torch.randn({ size: [2, 3] })],
  ['rand', () => torch.rand(2, 3)],
  ['randperm', () => torch.randperm(5)],
  ['eye', () => torch.eye(3)],
  ['eye_nm', () => torch.eye(2, 3), () => torch.eye({ n: 2, m: 3 })],
  ['tensor_float', () => torch.tensor([1, 2], { dtype: torch.float32 })],
  ['tensor_grad', () => torch.tensor([1.5, 2.5], { requires_grad: true }).sub(0.5).detach().requires_grad_()],
  ['normal_', () => torch.empty(3).normal_({ mean: 0, std: 0.02 }), () => torch.empty(3).normal_(0, 0.02)],
  ['uniform_', () => torch.empty(3).uniform_(-1, 1), () => torch.empty(3).uniform_({ from: -1, to: 1 })],
  ['normal_fn', () => torch.normal(0, 1, { size: [2, 2] }), () => torch.normal(0, 1, [2, 2])],
  ['multinomial', () => torch.multinomial(pos.select(0, 0), 3, { replacement: true }), () => pos.select(0, 0).multinomial(3, true)],
  ['bernoulli', () => torch.bernoulli(torch.full([6], 0.5))],

  // ---- autograd
  ['backward_gradient', ...[0, 1, 2].map((k) => () => {
    const w = x.clone().requires_grad_();
    const out = w.mul(2);
    if (k === 0) out.backward({ gradient: torch.ones_like(out) });
    else if (k === 1) out.backward(torch.ones_like(out));
    else torch.autograd.backward(out, { grad_tensors: torch.ones_like(out) });
    return w.grad;
  })],
  ['backward_retain_graph', ...[0, 1].map((k) => () => {
    const w = x.clone().requires_grad_();
    const out = w.pow(2).sum();
    if (k === 0) out.backward({ retain_graph: true });
    else out.backward(null, true);
    out.backward();
    return w.grad;
  })],
  ['grad_create_graph', ...[0, 1, 2, 3].map((k) => () => {
    const w = x.clone().requires_grad_();
    const out = w.pow(3).sum();
    const [g] = k === 0 ? torch.autograd.grad(out, [w], { create_graph: true })
      : k === 1 ? torch.autograd.grad({ outputs: out, inputs: [w], create_graph: true })
        : k === 2 ? torch.autograd.grad(out, w, null, null, true)
          : torch.autograd.grad(out, [w], { create_graph: true });
    return torch.autograd.grad(g.sum(), w)[0];
  })],
  ['grad_outputs', () => {
    const w = x.clone().requires_grad_();
    const d = w.sin();
    return torch.autograd.grad({ outputs: d, inputs: w, grad_outputs: torch.ones_like(d), create_graph: true, retain_graph: true })[0];
  }],
  ['no_grad', () => {
    const w = x.clone().requires_grad_();
    const out = torch.no_grad(() => w.mul(2));
    return out.requires_grad;
  }],
  ['requires_grad_', () => x.clone().requires_grad_().requires_grad, () => x.clone().requires_grad_(true).requires_grad, () => x.clone().requires_grad_({ requires_grad: true }).requires_grad],
  ['manual_sgd', () => {
    const w = x.clone().requires_grad_();
    const loss = w.mul(w).sum();
    loss.backward();
    torch.no_grad(() => {
      w.sub_(w.grad.mul(0.1));
      w.grad.zero_();
    });
    return [w.detach(), w.grad];
  }],
  ['detach_grad', () => x.clone().requires_grad_().mul(2).detach().requires_grad],
];

describeLiteralPorts('literal ports give PyTorch results', CASES, fixture, 1e-5);

describe('named tuples and return types', () => {
  test('values/indices are properties of max, sort, topk results', () => {
    const m = x.max({ dim: 1 });
    expect(m.values.shape).toEqual([4]);
    expect(m.indices.dtype).toBe(torch.int64);
    const [values, indices] = x.sort({ dim: 1, descending: true });
    expect(values.shape).toEqual([4, 5]);
    expect(indices.dtype).toBe(torch.int64);
    const t = x.topk(2);
    expect(t.values.shape).toEqual([4, 2]);
  });
  test('unknown keyword arguments are a TypeError naming them', () => {
    expect(() => x.transpose({ dim0: 0, dim1: 1, dimm: 2 } as any)).toThrow(/dimm/);
    expect(() => x.clamp({ min: 0, mx: 1 } as any)).toThrow(/mx/);
    expect(() => torch.zeros(2, { dtyp: F } as any)).toThrow(/dtyp/);
    expect(() => torch.cat([x, y], { dimm: 1 } as any)).toThrow(/dimm/);
    // Python's messages: these calls fit none of the named-tensor-era signatures (one each since 2.14).
    expect(() => x.transpose(0, { dim0: 1, dim1: 0 } as any))
      .toThrow(/^transpose\(\) (received an invalid combination of arguments - got \(int, dim\d=int, dim\d=int\)|got multiple values for argument 'dim0')/);
    expect(() => (x.flatten as (...a: unknown[]) => unknown)(0, -1, 2))
      .toThrow(/^flatten\(\) (received an invalid combination of arguments - got \(int, int, int\)|takes from 0 to 2 positional arguments but 3 were given)/);
  });
  test('numpy names and positional None', () => {
    expect(x.sum({ axis: 0 }).shape).toEqual([5]);
    expect(() => x.sum({ axis: 0, dim: 1 } as any)).toThrow(/given twice/);
    expect(x.squeeze(null).shape).toEqual([4, 5]);
  });
});

// What Python rejects, the types reject too (checked by tsc; never run).
const typeErrors = (): unknown[] => [
  // @ts-expect-error dim1 is required
  x.transpose(0),
  // @ts-expect-error too many positional arguments
  x.transpose(0, 1, 2),
  // @ts-expect-error misspelled keyword
  x.transpose({ dim0: 0, dimm: 1 }),
  // @ts-expect-error misspelled keyword
  x.clamp({ mn: 0 }),
  // @ts-expect-error alpha is keyword-only and misspelled here
  x.add(y, { alpah: 2 }),
  // @ts-expect-error pow's operand is named exponent
  x.pow({ other: 2 }),
  // @ts-expect-error mm's operand is named mat2
  a.mm({ other: b }),
  // @ts-expect-error softmax needs dim
  x.softmax(),
  // @ts-expect-error misspelled factory keyword
  torch.zeros(2, 3, { dtyp: torch.float64 }),
  // @ts-expect-error cat takes a list
  torch.cat(x, y),
  // @ts-expect-error dim is a number
  torch.cat([x, y], { dim: '1' }),
  // @ts-expect-error a dtype is not a device
  x.to(F, F),
  // @ts-expect-error type() with a dtype is a tensor, not a string
  x.type(F).toUpperCase(),
  // @ts-expect-error x.type() is a string
  x.type().sum(),
];
test('type errors are compile-time only', () => expect(typeof typeErrors).toBe('function'));
