// The porting rules for torch.nn (README "Porting rules", docs/architecture.md): literal ports of layer
// constructors, Module methods, nn.functional and nn.init, each written with PyTorch's positional
// arguments, with the same arguments by name in one trailing options object, and mixed. Every
// variant must type-check under strict TS (this file is part of `tsc -p tsconfig.test.json`) and
// give PyTorch's answer (test/golden/porting_nn.json, written by
// `/usr/bin/python3 scripts/golden/porting_nn.py`). torch.manual_seed(0) runs before each variant,
// so layer initialisation and random ops must draw PyTorch's numbers too.
import * as torch from '../lib';
import { forRelease } from '../lib/release';
import { loadFixture, describeLiteralPorts, Case } from './porting_golden';

const nn = torch.nn, F = torch.nn.functional;

const { fixture, load } = loadFixture('porting_nn');
const x = load('x'), y = load('y'), x2 = load('x2'), x3 = load('x3'), seq = load('seq'), img = load('img'), img4 = load('img4');
const vol = load('vol'), labels = load('labels'), probs = load('probs'), bits = load('bits'), cw = load('cw'), tokens = load('tokens');
const emb = load('emb'), signs = load('signs'), w_conv = load('w_conv'), b4 = load('b4'), w_lin = load('w_lin'), b3 = load('b3');
const pos = load('pos'), multi = load('multi');
const f64 = torch.float64;

/** A module and its output on inputs (Python's `[m, m(*inputs)]`). */
const fwd = (m: torch.nn.Module, ...inputs: unknown[]): unknown[] => [m, m(...inputs)];
const names = (it: Iterable<[string, unknown]>): string[] => [...it].map(([n]) => n);

class Net extends nn.Module {
  fc1 = nn.Linear(5, 4);
  bn = nn.BatchNorm1d(4);
  block = nn.Sequential(nn.Linear(4, 3), nn.ReLU());
  head = nn.Linear(3, 2, { bias: false });
  forward(v: torch.Tensor): torch.Tensor { return this.head(this.block(this.bn(this.fc1(v)))); }
}

class WithBuffers extends nn.Module {
  fc: torch.nn.Linear;
  constructor(form = 0) {
    super();
    this.fc = nn.Linear(2, 2);
    if (form === 0) {
      this.register_buffer('mask', torch.ones(2));
      this.register_buffer('cache', torch.zeros(3), { persistent: false });
      this.register_buffer('nothing', null);
      this.register_parameter('scale', nn.Parameter(torch.ones(1)));
    } else {
      this.register_buffer({ name: 'mask', tensor: torch.ones(2) });
      this.register_buffer('cache', torch.zeros(3), false);
      this.register_buffer('nothing', { tensor: null });
      this.register_parameter({ name: 'scale', param: nn.Parameter({ data: torch.ones(1) }) });
    }
  }
}

function zeroGrad(call: (n: Net) => void): (torch.Tensor | null)[] {
  const n = new Net();
  n(x).sum().backward();
  call(n);
  return [...n.parameters()].map((p) => p.grad);
}

function initWeights(m: torch.nn.Module): void {
  if (m instanceof nn.Linear) {
    nn.init.xavier_uniform_(m.weight);
    if (m.bias !== null) m.bias.data.fill_(0.01);
  }
}

function kaimingApply(form: number): Net {
  const init = (m: torch.nn.Module) => {
    if (m instanceof nn.Linear || m instanceof nn.Conv2d) {
      if (form === 0) nn.init.kaiming_normal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu' });
      else nn.init.kaiming_normal_(m.weight, 0, 'fan_out', 'relu');
      if (m.bias !== null) nn.init.constant_(m.bias, 0);
    } else if (m instanceof nn.BatchNorm1d) {
      nn.init.constant_(m.weight, 1);
      nn.init.constant_(m.bias, { val: 0 });
    }
  };
  const n = new Net();
  if (form === 0) n.apply(init); else n.apply({ fn: init });
  return n;
}

function loadNonstrict(form: number): string[][] {
  const a = new Net();
  const sd = a.state_dict();
  delete sd['head.weight'];
  sd.extra = torch.zeros(1);
  const r = form === 0 ? new Net().load_state_dict(sd, { strict: false })
    : form === 1 ? new Net().load_state_dict(sd, false) : new Net().load_state_dict({ state_dict: sd, strict: false });
  return [r.missing_keys, r.unexpected_keys];
}

function hooks(form: number): unknown[] {
  const lin = nn.Linear(5, 3);
  const seen: number[] = [];
  const h = form === 0 ? lin.register_forward_hook((_m, _inp, out) => (out as torch.Tensor).mul(2))
    : lin.register_forward_hook({ hook: (_m, _inp, out) => (out as torch.Tensor).mul(2) });
  lin.register_forward_pre_hook((_m, inp) => { seen.push((inp[0] as torch.Tensor).shape[0]); });
  const a = lin(x);
  h.remove();
  return [a, lin(x), seen];
}

const W = (...shape: number[]) => torch.empty(shape);

/** Each entry: a golden case name and its literal ports (positional, by-name and mixed forms). */
const CASES: Case[] = [
  // ---- layer constructors
  ['linear', () => fwd(nn.Linear(5, 3), x), () => fwd(new nn.Linear(5, 3), x), () => fwd(nn.Linear({ in_features: 5, out_features: 3 }), x),
    () => fwd(nn.Linear(5, { out_features: 3 }), x), () => fwd(nn.Linear(5, 3, true), x), () => fwd(nn.Linear(5, 3, { bias: true, device: 'cpu' }), x)],
  ['linear_nobias', () => fwd(nn.Linear(5, 3, { bias: false }), x), () => fwd(nn.Linear(5, 3, false), x), () => fwd(nn.Linear({ in_features: 5, out_features: 3, bias: false }), x)],
  ['linear_f64', () => fwd(nn.Linear(5, 3, { dtype: f64 }), x.double()), () => fwd(nn.Linear(5, 3, true, 'cpu', f64), x.double()),
    () => fwd(nn.Linear(5, 3, true, { dtype: torch.float64 }), x.double()), () => fwd(nn.Linear(5, 3, true, null, f64), x.double())],
  ['linear_zero_bias', () => {
    const l = nn.Linear(5, 3);
    l.bias.data.fill_(0);
    torch.zero_(l.bias.data);
    return l;
  }, () => {
    const l = nn.Linear(5, 3);
    torch.no_grad(() => l.bias.zero_());
    return l;
  }, () => {
    const l = nn.Linear(5, 3);
    nn.init.zeros_(l.bias);
    return l;
  }],
  ['bilinear', () => fwd(nn.Bilinear(5, 4, 3), x, x2), () => fwd(nn.Bilinear({ in1_features: 5, in2_features: 4, out_features: 3 }), x, x2)],
  ['bilinear_nobias', () => fwd(nn.Bilinear(5, 4, 3, { bias: false }), x, x2), () => fwd(nn.Bilinear(5, 4, 3, false), x, x2)],
  ['identity', () => fwd(nn.Identity(54, { unused_argument1: 0.1 }), x), () => fwd(nn.Identity(), x)],
  ['flatten', () => fwd(nn.Flatten(), img), () => fwd(nn.Flatten(1, -1), img), () => fwd(nn.Flatten({ start_dim: 1 }), img)],
  ['flatten_0_2', () => fwd(nn.Flatten(0, 2), img), () => fwd(nn.Flatten({ start_dim: 0, end_dim: 2 }), img), () => fwd(nn.Flatten(0, { end_dim: 2 }), img)],
  ['flatten_end', () => fwd(nn.Flatten({ end_dim: 2 }), img), () => fwd(nn.Flatten(1, 2), img)],
  ['unflatten', () => fwd(nn.Unflatten(1, [1, 5]), x), () => fwd(nn.Unflatten({ dim: 1, unflattened_size: [1, 5] }), x), () => fwd(nn.Unflatten(1, { unflattened_size: [1, 5] }), x)],

  ['relu', () => fwd(nn.ReLU(), x), () => fwd(new nn.ReLU(), x), () => fwd(nn.ReLU(false), x)],
  ['relu_inplace', () => fwd(nn.ReLU({ inplace: true }), x.clone()), () => fwd(nn.ReLU(true), x.clone())],
  ['relu6', () => fwd(nn.ReLU6(), x.mul(4))],
  ['leaky_relu', () => fwd(nn.LeakyReLU(0.2), x), () => fwd(nn.LeakyReLU({ negative_slope: 0.2 }), x)],
  ['leaky_relu_inplace', () => fwd(nn.LeakyReLU(0.2, true), x.clone()), () => fwd(nn.LeakyReLU(0.2, { inplace: true }), x.clone()),
    () => fwd(nn.LeakyReLU({ negative_slope: 0.2, inplace: true }), x.clone())],
  ['rrelu_eval', () => fwd(nn.RReLU(0.1, 0.3).eval(), x), () => fwd(nn.RReLU({ lower: 0.1, upper: 0.3 }).eval(), x)],
  ['rrelu_train', () => fwd(nn.RReLU({ lower: 0.1, upper: 0.3 }), x), () => fwd(nn.RReLU(0.1, 0.3), x), () => fwd(nn.RReLU(0.1, { upper: 0.3 }), x)],
  ['prelu', () => fwd(nn.PReLU(), x)],
  ['prelu_channels', () => fwd(nn.PReLU({ num_parameters: 3, init: 0.1 }), x3), () => fwd(nn.PReLU(3, 0.1), x3), () => fwd(nn.PReLU(3, { init: 0.1 }), x3)],
  ['elu', () => fwd(nn.ELU({ alpha: 0.5 }), x), () => fwd(nn.ELU(0.5), x)],
  ['selu', () => fwd(nn.SELU(), x)],
  ['celu', () => fwd(nn.CELU(0.5), x), () => fwd(nn.CELU({ alpha: 0.5 }), x)],
  ['gelu', () => fwd(nn.GELU(), x), () => fwd(nn.GELU('none'), x)],
  ['gelu_tanh', () => fwd(nn.GELU({ approximate: 'tanh' }), x), () => fwd(nn.GELU('tanh'), x)],
  ['silu', () => fwd(nn.SiLU(), x)],
  ['mish', () => fwd(nn.Mish(), x)],
  ['softplus', () => fwd(nn.Softplus({ beta: 2, threshold: 1 }), x), () => fwd(nn.Softplus(2, 1), x), () => fwd(nn.Softplus(2, { threshold: 1 }), x)],
  ['hardtanh', () => fwd(nn.Hardtanh(-0.5, 0.5), x), () => fwd(nn.Hardtanh({ min_val: -0.5, max_val: 0.5 }), x)],
  ['hardtanh_named', () => fwd(nn.Hardtanh({ min_val: -2.0, max_val: 2.0 }), x.mul(3)), () => fwd(nn.Hardtanh(-2, 2), x.mul(3))],
  ['hardswish', () => fwd(nn.Hardswish(), x.mul(3))],
  ['hardsigmoid', () => fwd(nn.Hardsigmoid(), x.mul(3))],
  ['sigmoid', () => fwd(nn.Sigmoid(), x)],
  ['tanh', () => fwd(nn.Tanh(), x)],
  ['softmax', () => fwd(nn.Softmax({ dim: 1 }), x), () => fwd(nn.Softmax(1), x)],
  ['log_softmax', () => fwd(nn.LogSoftmax(1), x), () => fwd(nn.LogSoftmax({ dim: 1 }), x)],

  ['dropout', () => fwd(nn.Dropout(0.3), x), () => fwd(nn.Dropout({ p: 0.3 }), x)],
  ['dropout_named', () => fwd(nn.Dropout({ p: 0.3, inplace: true }), x.clone()), () => fwd(nn.Dropout(0.3, true), x.clone()), () => fwd(nn.Dropout(0.3, { inplace: true }), x.clone())],
  ['dropout_eval', () => fwd(nn.Dropout(0.3).eval(), x), () => fwd(nn.Dropout(0.3).train(false), x)],
  ['dropout1d', () => fwd(nn.Dropout1d({ p: 0.5 }), seq), () => fwd(nn.Dropout1d(), seq)],
  ['dropout2d', () => fwd(nn.Dropout2d(0.5), img)],
  ['alpha_dropout', () => fwd(nn.AlphaDropout(0.2), x), () => fwd(nn.AlphaDropout({ p: 0.2 }), x)],

  ['batchnorm1d', () => fwd(nn.BatchNorm1d(5), x), () => fwd(nn.BatchNorm1d({ num_features: 5 }), x)],
  ['batchnorm1d_momentum', () => fwd(nn.BatchNorm1d(5, { momentum: 0.5 }), x), () => fwd(nn.BatchNorm1d(5, 1e-5, 0.5), x)],
  ['batchnorm1d_positional', () => fwd(nn.BatchNorm1d(5, 1e-3, 0.2, false, true), x),
    () => fwd(nn.BatchNorm1d({ num_features: 5, eps: 1e-3, momentum: 0.2, affine: false, track_running_stats: true }), x),
    () => fwd(nn.BatchNorm1d(5, 1e-3, { momentum: 0.2, affine: false }), x)],
  ['batchnorm1d_plain', () => fwd(nn.BatchNorm1d({ num_features: 5, affine: false, track_running_stats: false }), x),
    () => fwd(nn.BatchNorm1d(5, { affine: false, track_running_stats: false }), x), () => fwd(nn.BatchNorm1d(5, 1e-5, 0.1, false, false), x)],
  ['batchnorm1d_cma', () => fwd(nn.BatchNorm1d(5, { momentum: null }), x), () => fwd(nn.BatchNorm1d(5, 1e-5, null), x)],
  ['batchnorm2d', () => fwd(nn.BatchNorm2d(3, { eps: 1e-3 }), img), () => fwd(nn.BatchNorm2d(3, 1e-3), img)],
  ['batchnorm3d', () => fwd(nn.BatchNorm3d(2), vol)],
  ['batchnorm_init', () => {
    const bn = nn.BatchNorm1d(5);
    nn.init.ones_(bn.weight);
    nn.init.zeros_(bn.bias);
    bn.running_mean.fill_(0.5);
    return bn;
  }, () => {
    const bn = nn.BatchNorm1d(5);
    bn.weight.data.fill_(1);
    bn.bias.data.zero_();
    torch.no_grad(() => bn.running_mean.fill_(0.5));
    return bn;
  }],
  ['layernorm', () => fwd(nn.LayerNorm(5), x), () => fwd(nn.LayerNorm([5]), x), () => fwd(nn.LayerNorm({ normalized_shape: 5 }), x)],
  ['layernorm_named', () => fwd(nn.LayerNorm([5], { eps: 1e-6, elementwise_affine: false }), x), () => fwd(nn.LayerNorm([5], 1e-6, false), x),
    () => fwd(nn.LayerNorm({ normalized_shape: [5], eps: 1e-6, elementwise_affine: false }), x)],
  ['layernorm_2d', () => fwd(nn.LayerNorm({ normalized_shape: [8, 8] }), img), () => fwd(nn.LayerNorm([8, 8]), img)],
  ['groupnorm', () => fwd(nn.GroupNorm(2, 4), img4), () => fwd(nn.GroupNorm(2, { num_channels: 4 }), img4)],
  ['groupnorm_named', () => fwd(nn.GroupNorm({ num_groups: 2, num_channels: 4, eps: 1e-3, affine: false }), img4),
    () => fwd(nn.GroupNorm(2, 4, 1e-3, false), img4), () => fwd(nn.GroupNorm(2, 4, { eps: 1e-3, affine: false }), img4)],

  ['conv1d', () => fwd(nn.Conv1d(3, 4, 3), seq), () => fwd(nn.Conv1d({ in_channels: 3, out_channels: 4, kernel_size: 3 }), seq)],
  ['conv1d_named', () => fwd(nn.Conv1d(3, 4, { kernel_size: 3, stride: 2, padding: 1 }), seq), () => fwd(nn.Conv1d(3, 4, 3, 2, 1), seq),
    () => fwd(nn.Conv1d(3, 4, 3, { stride: 2, padding: 1 }), seq), () => fwd(nn.Conv1d(3, 4, [3], [2], [1]), seq)],
  ['conv2d', () => fwd(nn.Conv2d(3, 16, 3, 1, 1), img), () => fwd(new nn.Conv2d(3, 16, 3, 1, 1), img), () => fwd(nn.Conv2d(3, 16, 3, 1, 1, 1, 1, true, 'zeros'), img),
    () => fwd(nn.Conv2d(3, 16, [3, 3], [1, 1], [1, 1]), img)],
  ['conv2d_kw', () => fwd(nn.Conv2d(3, 16, { kernel_size: 3, padding: 1 }), img), () => fwd(nn.Conv2d(3, 16, 3, { padding: 1 }), img),
    () => fwd(nn.Conv2d({ in_channels: 3, out_channels: 16, kernel_size: 3, padding: 1 }), img)],
  ['conv2d_same_reflect', () => fwd(nn.Conv2d({ in_channels: 3, out_channels: 4, kernel_size: 3, padding: 'same', padding_mode: 'reflect', bias: false }), img),
    () => fwd(nn.Conv2d(3, 4, 3, 1, 'same', 1, 1, false, 'reflect'), img), () => fwd(nn.Conv2d(3, 4, 3, { padding: 'same', padding_mode: 'reflect', bias: false }), img)],
  ['conv2d_groups', () => fwd(nn.Conv2d(4, 4, 3, { groups: 2, dilation: 2 }), img4), () => fwd(nn.Conv2d(4, 4, 3, 1, 0, 2, 2), img4)],
  ['conv2d_rect', () => fwd(nn.Conv2d(3, 2, [3, 1], { stride: [2, 1], padding: [1, 0] }), img), () => fwd(nn.Conv2d(3, 2, [3, 1], [2, 1], [1, 0]), img)],
  ['maxpool1d', () => fwd(nn.MaxPool1d(2), seq), () => fwd(nn.MaxPool1d({ kernel_size: 2 }), seq)],
  ['maxpool2d', () => fwd(nn.MaxPool2d(2), img), () => fwd(nn.MaxPool2d(2, 2), img), () => fwd(nn.MaxPool2d({ kernel_size: 2 }), img)],
  ['maxpool2d_positional', () => fwd(nn.MaxPool2d(3, 2, 1), img), () => fwd(nn.MaxPool2d(3, { stride: 2, padding: 1 }), img)],
  ['maxpool2d_named', () => fwd(nn.MaxPool2d({ kernel_size: 3, stride: 2, ceil_mode: true }), img), () => fwd(nn.MaxPool2d(3, 2, 0, 1, false, true), img),
    () => fwd(nn.MaxPool2d(3, 2, { ceil_mode: true }), img)],
  ['maxpool2d_indices', () => fwd(nn.MaxPool2d(2, { return_indices: true }), img), () => fwd(nn.MaxPool2d(2, null, 0, 1, true), img)],
  ['avgpool2d', () => fwd(nn.AvgPool2d(2), img), () => fwd(nn.AvgPool2d({ kernel_size: 2 }), img)],
  ['avgpool2d_named', () => fwd(nn.AvgPool2d(3, { stride: 2, padding: 1, count_include_pad: false }), img), () => fwd(nn.AvgPool2d(3, 2, 1, false, false), img)],
  ['avgpool2d_divisor', () => fwd(nn.AvgPool2d({ kernel_size: 2, divisor_override: 3 }), img), () => fwd(nn.AvgPool2d(2, null, 0, false, true, 3), img)],
  ['adaptive_avgpool2d', () => fwd(nn.AdaptiveAvgPool2d([1, 1]), img), () => fwd(nn.AdaptiveAvgPool2d({ output_size: [1, 1] }), img)],
  ['adaptive_avgpool2d_int', () => fwd(nn.AdaptiveAvgPool2d({ output_size: 3 }), img), () => fwd(nn.AdaptiveAvgPool2d(3), img)],
  ['adaptive_avgpool2d_none', () => fwd(nn.AdaptiveAvgPool2d([null, 2]), img)],
  ['embedding', () => fwd(nn.Embedding(10, 3), tokens), () => fwd(nn.Embedding({ num_embeddings: 10, embedding_dim: 3 }), tokens)],
  ['embedding_padding', () => fwd(nn.Embedding(10, 3, { padding_idx: 0 }), tokens), () => fwd(nn.Embedding(10, 3, 0), tokens)],
  ['embedding_named', () => fwd(nn.Embedding({ num_embeddings: 10, embedding_dim: 3, max_norm: 1.0 }), tokens), () => fwd(nn.Embedding(10, 3, null, 1.0), tokens)],
  ['embedding_pretrained', () => { const e = nn.Embedding.from_pretrained(emb, { freeze: false }); return [e, e(tokens), e.weight.requires_grad]; },
    () => { const e = nn.Embedding.from_pretrained(emb, false); return [e, e(tokens), e.weight.requires_grad]; },
    () => { const e = nn.Embedding.from_pretrained({ embeddings: emb, freeze: false }); return [e, e(tokens), e.weight.requires_grad]; }],
  ['embedding_pretrained_frozen', () => { const e = nn.Embedding.from_pretrained(emb); return [e, e(tokens), e.weight.requires_grad]; }],

  ['cross_entropy_loss', () => fwd(nn.CrossEntropyLoss(), x, labels), () => fwd(new nn.CrossEntropyLoss(), x, labels)],
  ['cross_entropy_loss_named', () => fwd(nn.CrossEntropyLoss({ weight: cw, ignore_index: 1, label_smoothing: 0.1 }), x, labels),
    () => fwd(nn.CrossEntropyLoss(cw, null, 1, null, 'mean', 0.1), x, labels), () => fwd(nn.CrossEntropyLoss(cw, { ignore_index: 1, label_smoothing: 0.1 }), x, labels)],
  ['cross_entropy_loss_sum', () => fwd(nn.CrossEntropyLoss({ reduction: 'sum' }), x, labels), () => fwd(nn.CrossEntropyLoss(null, null, -100, null, 'sum'), x, labels)],
  ['cross_entropy_loss_probs', () => fwd(nn.CrossEntropyLoss(), x, probs.softmax(1))],
  ['nll_loss', () => fwd(nn.NLLLoss({ reduction: 'none' }), x.log_softmax(1), labels)],
  ['nll_loss_weight', () => fwd(nn.NLLLoss(cw), x.log_softmax(1), labels), () => fwd(nn.NLLLoss({ weight: cw }), x.log_softmax(1), labels)],
  ['bce_loss', () => fwd(nn.BCELoss(), probs, bits)],
  ['bce_loss_weight', () => fwd(nn.BCELoss({ weight: cw, reduction: 'sum' }), probs, bits), () => fwd(nn.BCELoss(cw, null, null, 'sum'), probs, bits)],
  ['bce_logits_loss', () => fwd(nn.BCEWithLogitsLoss({ pos_weight: cw }), x, bits), () => fwd(nn.BCEWithLogitsLoss(null, null, null, 'mean', cw), x, bits)],
  ['mse_loss', () => fwd(nn.MSELoss(), x, y)],
  ['mse_loss_sum', () => fwd(nn.MSELoss({ reduction: 'sum' }), x, y), () => fwd(nn.MSELoss(null, null, 'sum'), x, y)],
  ['mse_loss_legacy', () => fwd(nn.MSELoss({ size_average: false }), x, y), () => fwd(nn.MSELoss(false), x, y)],
  ['l1_loss', () => fwd(nn.L1Loss({ reduction: 'none' }), x, y)],
  ['huber_loss', () => fwd(nn.HuberLoss({ delta: 0.5 }), x, y), () => fwd(nn.HuberLoss('mean', 0.5), x, y)],
  ['huber_loss_positional', () => fwd(nn.HuberLoss('sum', 0.5), x, y), () => fwd(nn.HuberLoss({ reduction: 'sum', delta: 0.5 }), x, y)],
  ['smooth_l1_loss', () => fwd(nn.SmoothL1Loss({ beta: 0.5 }), x, y)],

  // more layers: thin modules over nn.functional
  ['threshold', () => fwd(nn.Threshold(0.1, 20), x), () => fwd(nn.Threshold({ threshold: 0.1, value: 20 }), x), () => fwd(nn.Threshold(0.1, { value: 20 }), x)],
  ['threshold_inplace', () => fwd(nn.Threshold(0.1, 20, { inplace: true }), x.clone()), () => fwd(nn.Threshold(0.1, 20, true), x.clone())],
  ['hardshrink_module', () => fwd(nn.Hardshrink(), x), () => fwd(nn.Hardshrink(0.5), x)],
  ['softshrink_module', () => fwd(nn.Softshrink({ lambd: 0.3 }), x), () => fwd(nn.Softshrink(0.3), x)],
  ['tanhshrink_module', () => fwd(nn.Tanhshrink(), x)],
  ['softsign_module', () => fwd(nn.Softsign(), x)],
  ['logsigmoid_module', () => fwd(nn.LogSigmoid(), x)],
  ['softmin_module', () => fwd(nn.Softmin({ dim: 1 }), x), () => fwd(nn.Softmin(1), x)],
  ['softmax2d', () => fwd(nn.Softmax2d(), img)],
  ['glu_module', () => fwd(nn.GLU(), x2), () => fwd(nn.GLU(-1), x2), () => fwd(nn.GLU({ dim: -1 }), x2)],
  ['dropout3d', () => fwd(nn.Dropout3d(0.5), vol)],
  ['feature_alpha_dropout', () => fwd(nn.FeatureAlphaDropout(0.2), img)],
  ['conv3d', () => fwd(nn.Conv3d(2, 4, 3, { padding: 1 }), vol), () => fwd(nn.Conv3d(2, 4, 3, 1, 1), vol)],
  ['conv_transpose1d', () => fwd(nn.ConvTranspose1d(3, 4, 3), seq)],
  ['conv_transpose2d', () => fwd(nn.ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1, output_padding: 1 }), img), () => fwd(nn.ConvTranspose2d(3, 4, 3, 2, 1, 1), img),
    () => fwd(nn.ConvTranspose2d({ in_channels: 3, out_channels: 4, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }), img)],
  ['conv_transpose2d_groups', () => fwd(nn.ConvTranspose2d(4, 4, 3, { groups: 2, bias: false, dilation: 2 }), img4), () => fwd(nn.ConvTranspose2d(4, 4, 3, 1, 0, 0, 2, false, 2), img4)],
  ['conv_transpose2d_output_size', () => { const m = nn.ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1 }); return [m, m(img, [16, 16])]; }],
  ['avgpool1d', () => fwd(nn.AvgPool1d(2), seq), () => fwd(nn.AvgPool1d({ kernel_size: 2 }), seq)],
  ['avgpool1d_positional', () => fwd(nn.AvgPool1d(3, 2, 1, true, false), seq), () => fwd(nn.AvgPool1d(3, { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }), seq)],
  ['adaptive_avgpool1d', () => fwd(nn.AdaptiveAvgPool1d(4), seq)],
  ['adaptive_maxpool1d', () => fwd(nn.AdaptiveMaxPool1d(4), seq)],
  ['adaptive_maxpool2d', () => fwd(nn.AdaptiveMaxPool2d([2, 2]), img)],
  ['adaptive_maxpool2d_indices', () => fwd(nn.AdaptiveMaxPool2d(2, { return_indices: true }), img), () => fwd(nn.AdaptiveMaxPool2d(2, true), img)],
  ['instancenorm1d', () => fwd(nn.InstanceNorm1d(3), seq)],
  ['instancenorm2d_affine', () => fwd(nn.InstanceNorm2d(3, { affine: true }), img), () => fwd(nn.InstanceNorm2d(3, 1e-5, 0.1, true), img)],
  ['instancenorm2d_running', () => fwd(nn.InstanceNorm2d(3, { track_running_stats: true }), img)],
  ['instancenorm2d_running_eval', () => fwd(nn.InstanceNorm2d(3, { momentum: 0.5, track_running_stats: true }).eval(), img)],
  ['upsample', () => fwd(nn.Upsample({ scale_factor: 2 }), img), () => fwd(nn.Upsample(null, 2), img)],
  ['upsample_bilinear', () => fwd(nn.Upsample({ size: [4, 5], mode: 'bilinear', align_corners: false }), img), () => fwd(nn.Upsample([4, 5], null, 'bilinear', false), img)],
  ['upsample_bilinear_scale', () => fwd(nn.Upsample({ scale_factor: 1.5, mode: 'bilinear' }), img)],
  ['zero_pad2d', () => fwd(nn.ZeroPad2d(2), img), () => fwd(nn.ZeroPad2d({ padding: 2 }), img)],
  ['zero_pad2d_tuple', () => fwd(nn.ZeroPad2d([1, 2, 3, 4]), img)],
  ['constant_pad1d', () => fwd(nn.ConstantPad1d(2, 3.5), seq), () => fwd(nn.ConstantPad1d(2, { value: 3.5 }), seq)],
  ['constant_pad2d', () => fwd(nn.ConstantPad2d([1, 2, 3, 4], 0), img)],
  ['reflection_pad1d', () => fwd(nn.ReflectionPad1d(2), seq)],
  ['reflection_pad2d', () => fwd(nn.ReflectionPad2d(1), img)],
  ['replication_pad1d', () => fwd(nn.ReplicationPad1d([1, 2]), seq)],
  ['replication_pad2d', () => fwd(nn.ReplicationPad2d(2), img)],
  ['cosine_similarity_module', () => fwd(nn.CosineSimilarity({ dim: 0, eps: 1e-6 }), x, y), () => fwd(nn.CosineSimilarity(0, 1e-6), x, y)],
  ['pairwise_distance_module', () => fwd(nn.PairwiseDistance(1, { keepdim: true }), x, y), () => fwd(nn.PairwiseDistance({ p: 1, keepdim: true }), x, y)],
  ['pixel_shuffle', () => fwd(nn.PixelShuffle(2), img4)],
  ['pixel_unshuffle', () => fwd(nn.PixelUnshuffle(2), img4)],
  ['kl_div_loss', () => fwd(nn.KLDivLoss({ reduction: 'batchmean' }), x.log_softmax(1), probs.softmax(1))],
  ['kl_div_loss_log_target', () => fwd(nn.KLDivLoss({ reduction: 'sum', log_target: true }), x.log_softmax(1), y.log_softmax(1))],
  ['margin_ranking_loss', () => fwd(nn.MarginRankingLoss(0.1), x.select(1, 0), y.select(1, 0), signs), () => fwd(nn.MarginRankingLoss({ margin: 0.1 }), x.select(1, 0), y.select(1, 0), signs)],
  ['hinge_embedding_loss', () => fwd(nn.HingeEmbeddingLoss({ margin: 0.5 }), x.select(1, 0), signs)],
  ['cosine_embedding_loss', () => fwd(nn.CosineEmbeddingLoss({ margin: 0.1 }), x, y, signs)],
  ['soft_margin_loss', () => fwd(nn.SoftMarginLoss(), x.select(1, 0), signs)],
  ['multilabel_margin_loss', () => fwd(nn.MultiLabelMarginLoss(), x, multi)],
  ['triplet_margin_loss', () => fwd(nn.TripletMarginLoss({ margin: 0.5, p: 1 }), x, y, x2.repeat(1, 2).index(':', ':5')), () => fwd(nn.TripletMarginLoss(0.5, 1), x, y, x2.repeat(1, 2).index(':', ':5'))],
  ['poisson_nll_loss', () => fwd(nn.PoissonNLLLoss(), x, pos)],
  ['gaussian_nll_loss', () => fwd(nn.GaussianNLLLoss({ full: true }), x, y, pos)],
  ['multilabel_soft_margin_loss', () => fwd(nn.MultiLabelSoftMarginLoss({ weight: cw }), x, bits), () => fwd(nn.MultiLabelSoftMarginLoss(cw), x, bits)],
  ['multi_margin_loss', () => fwd(nn.MultiMarginLoss({ p: 2, margin: 0.5 }), x, labels), () => fwd(nn.MultiMarginLoss(2, 0.5), x, labels)],
  ['F_relu_', () => F.relu_(x.clone()), () => F.relu_({ input: x.clone() })],
  ['F_selu_', () => F.selu_(x.clone())],
  ['F_elu_', () => F.elu_(x.clone(), { alpha: 0.5 }), () => F.elu_(x.clone(), 0.5)],
  ['F_celu_', () => F.celu_(x.clone(), 0.5)],
  ['F_leaky_relu_', () => F.leaky_relu_(x.clone(), 0.2), () => F.leaky_relu_(x.clone(), { negative_slope: 0.2 })],
  ['F_hardtanh_', () => F.hardtanh_(x.clone(), { min_val: -0.5, max_val: 0.5 }), () => F.hardtanh_(x.clone(), -0.5, 0.5)],
  ['F_threshold_', () => F.threshold_(x.clone(), 0.1, 20.0), () => F.threshold_(x.clone(), { threshold: 0.1, value: 20 })],
  ['F_rrelu_', () => F.rrelu_(x.clone(), 0.1, 0.3, { training: true }), () => F.rrelu_(x.clone(), 0.1, 0.3, true)],
  ['F_pixel_shuffle', () => F.pixel_shuffle(img4, 2), () => F.pixel_shuffle(img4, { upscale_factor: 2 })],
  ['F_pixel_unshuffle', () => F.pixel_unshuffle(img4, { downscale_factor: 2 }), () => F.pixel_unshuffle(img4, 2)],

  ['sequential', () => fwd(nn.Sequential(nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2)), x)],
  ['sequential_dict', () => fwd(nn.Sequential(new Map<string, torch.nn.Module>([['fc', nn.Linear(5, 3)], ['act', nn.Tanh()]])), x),
    () => fwd(nn.Sequential({ fc: nn.Linear(5, 3), act: nn.Tanh() }), x)],
  ['sequential_index', () => { const s = nn.Sequential(nn.Linear(5, 3), nn.ReLU(), nn.Linear(3, 2)); return [s[0], s.at(-1), s.slice(0, -1), s.length]; }],
  ['module_list', () => nn.ModuleList([nn.Linear(5, 3), nn.ReLU()])],
  ['module_list_named', () => nn.ModuleList({ modules: [nn.Linear(5, 3)] }), () => nn.ModuleList([nn.Linear(5, 3)])],
  ['module_list_append', () => { const ml = nn.ModuleList(); ml.append(nn.Linear(2, 2)); ml.extend([nn.ReLU()]); return ml; }],
  ['module_dict', () => nn.ModuleDict({ fc: nn.Linear(5, 3), act: nn.ReLU() })],
  ['module_dict_named', () => nn.ModuleDict({ modules: { fc: nn.Linear(5, 3) } }), () => nn.ModuleDict({ fc: nn.Linear(5, 3) })],
  ['parameter', () => nn.Parameter(x3), () => new nn.Parameter(x3), () => nn.Parameter({ data: x3 })],
  ['parameter_frozen', () => nn.Parameter(x3, false), () => nn.Parameter(x3, { requires_grad: false }), () => nn.Parameter({ data: x3, requires_grad: false })],
  ['parameter_repr', () => String(nn.Parameter(torch.tensor([1.0, 2.0], { dtype: torch.float32 })))],

  // ---- Module methods
  ['named_parameters', () => names(new Net().named_parameters())],
  ['named_parameters_prefix', () => names(new Net().named_parameters({ prefix: 'net' })), () => names(new Net().named_parameters('net'))],
  ['named_parameters_norecurse', () => names(new Net().fc1.named_parameters('fc1', false)), () => names(new Net().fc1.named_parameters({ prefix: 'fc1', recurse: false })),
    () => names(new Net().fc1.named_parameters('fc1', { recurse: false }))],
  ['named_parameters_recurse_kw', () => names(new Net().named_parameters({ recurse: false })), () => names(new Net().named_parameters('', false))],
  ['parameters_count', () => [...new Net().parameters()].length],
  ['parameters_norecurse', () => [...new Net().parameters({ recurse: false })].length, () => [...new Net().parameters(false)].length],
  ['parameters_numel', () => [...new Net().parameters()].filter((p) => p.requires_grad).reduce((s, p) => s + p.numel(), 0)],
  ['named_buffers', () => names(new Net().named_buffers())],
  ['buffers_count', () => [...new Net().buffers()].length, () => [...new Net().buffers(true)].length, () => [...new Net().buffers({ recurse: true })].length],
  ['named_modules', () => names(new Net().named_modules())],
  ['named_modules_prefix', () => names(new Net().named_modules({ prefix: 'net' })), () => names(new Net().named_modules(null, 'net'))],
  ['named_children', () => names(new Net().named_children())],
  ['modules_count', () => [...new Net().modules()].length],
  ['children_count', () => [...new Net().children()].length],
  ['state_dict', () => new Net().state_dict()],
  ['state_dict_keys', () => Object.keys(new Net().state_dict())],
  ['state_dict_prefix', () => Object.keys(new Net().state_dict({ prefix: 'model.' })), () => Object.keys(new Net().state_dict(null, 'model.'))],
  ['state_dict_keep_vars', () => Object.values(new Net().state_dict({ keep_vars: true })).map((t) => t.requires_grad)],
  ['net', () => fwd(new Net(), x)],
  ['net_eval', () => fwd(new Net().eval(), x), () => fwd(new Net().train(false), x)],
  ['net_train_false', () => { const n = new Net(); return [n.train(false), n.bn.training, n.block[0].training]; },
    () => { const n = new Net(); return [n.train({ mode: false }), n.bn.training, n.block.at(0).training]; }],
  ['net_train_kw', () => { const n = new Net(); return [n.train({ mode: false }).training, n.train().training, n.bn.training]; }],
  ['net_float64', () => { const n = new Net().to(torch.float64); return [n, n.fc1.weight.dtype === torch.float64, n.bn.num_batches_tracked.dtype === torch.int64]; },
    () => { const n = new Net().to({ dtype: torch.float64 }); return [n, n.fc1.weight.dtype === f64, n.bn.num_batches_tracked.dtype === torch.int64]; }],
  ['net_to_device_dtype', () => new Net().to('cpu', torch.float64), () => new Net().to(torch.device('cpu'), f64), () => new Net().to({ device: 'cpu', dtype: f64 }),
    () => new Net().to('cpu', { dtype: f64 }), () => new Net().to('cpu', f64, false)],
  ['net_to_kw', () => new Net().to({ dtype: torch.float64 }), () => new Net().to(f64, { non_blocking: false })],
  ['net_to_tensor', () => new Net().to(x.double()), () => new Net().to({ tensor: x.double() })],
  ['net_double', () => new Net().double()],
  ['net_requires_grad_', () => [...new Net().requires_grad_(false).parameters()].map((p) => p.requires_grad),
    () => [...new Net().requires_grad_({ requires_grad: false }).parameters()].map((p) => p.requires_grad)],
  ['load_state_dict', () => { const a = new Net(), b = new Net(); b.load_state_dict(a.state_dict()); return b; },
    () => { const a = new Net(), b = new Net(); b.load_state_dict(a.state_dict(), true); return b; },
    () => { const a = new Net(), b = new Net(); b.load_state_dict({ state_dict: a.state_dict() }); return b; },
    () => { const a = new Net(), b = new Net(); b.load_state_dict(new Map(Object.entries(a.state_dict()))); return b; }],
  ['load_state_dict_nonstrict', () => loadNonstrict(0), () => loadNonstrict(1), () => loadNonstrict(2)],
  ['zero_grad_default', () => zeroGrad((n) => n.zero_grad())],
  ['zero_grad_keep', () => zeroGrad((n) => n.zero_grad({ set_to_none: false })), () => zeroGrad((n) => n.zero_grad(false))],
  ['zero_grad_none', () => zeroGrad((n) => n.zero_grad(true)).map((g) => g === null), () => zeroGrad((n) => n.zero_grad({ set_to_none: true })).map((g) => g === null)],
  ['apply_init', () => new Net().apply(initWeights), () => new Net().apply({ fn: initWeights })],
  ['apply_kaiming', () => kaimingApply(0), () => kaimingApply(1)],
  ['register_buffer', () => [Object.keys(new WithBuffers().state_dict()), names(new WithBuffers().named_buffers())],
    () => [Object.keys(new WithBuffers(1).state_dict()), names(new WithBuffers(1).named_buffers())]],
  ['register_parameter', () => names(new WithBuffers().named_parameters()), () => names(new WithBuffers(1).named_parameters())],
  ['forward_hooks', () => hooks(0), () => hooks(1)],
  ['add_module', () => { const m = nn.Sequential(); m.add_module('fc', nn.Linear(2, 3)); m.register_module('act', nn.ReLU()); return m; },
    () => { const m = nn.Sequential(); m.add_module({ name: 'fc', module: nn.Linear(2, 3) }); m.register_module('act', { module: nn.ReLU() }); return m; }],
  ['get_submodule', () => new Net().get_submodule('block.0'), () => new Net().get_submodule({ target: 'block.0' })],
  ['get_parameter', () => new Net().get_parameter('block.0.bias')],
  ['get_buffer', () => new Net().get_buffer('bn.running_var')],

  // ---- nn.functional
  ['F_linear', () => F.linear(x, w_lin, b3), () => F.linear(x, w_lin, { bias: b3 }), () => F.linear({ input: x, weight: w_lin, bias: b3 }), () => F.linear(x, { weight: w_lin, bias: b3 })],
  ['F_linear_nobias', () => F.linear(x, w_lin), () => F.linear(x, w_lin, null)],
  ['F_bilinear', () => F.bilinear(x, x2, torch.ones(3, 5, 4).mul(0.1), b3), () => F.bilinear(x, x2, torch.ones(3, 5, 4).mul(0.1), { bias: b3 })],
  ['F_relu', () => F.relu(x), () => F.relu({ input: x }), () => F.relu(x, false)],
  ['F_relu_inplace', () => F.relu(x.clone(), { inplace: true }), () => F.relu(x.clone(), true)],
  ['F_relu6', () => F.relu6(x.mul(4))],
  ['F_elu', () => F.elu(x, { alpha: 0.5 }), () => F.elu(x, 0.5)],
  ['F_selu', () => F.selu(x)],
  ['F_celu', () => F.celu(x, 0.5), () => F.celu(x, { alpha: 0.5 })],
  ['F_leaky_relu', () => F.leaky_relu(x, { negative_slope: 0.2 }), () => F.leaky_relu(x, 0.2)],
  ['F_leaky_relu_pos', () => F.leaky_relu(x, 0.2, false), () => F.leaky_relu({ input: x, negative_slope: 0.2, inplace: false })],
  ['F_prelu', () => F.prelu(x, torch.tensor([0.25], { dtype: torch.float32 })), () => F.prelu(x, { weight: torch.full([1], 0.25) })],
  ['F_rrelu', () => F.rrelu(x, 0.1, 0.3), () => F.rrelu(x, { lower: 0.1, upper: 0.3 })],
  ['F_rrelu_train', () => F.rrelu(x, { lower: 0.1, upper: 0.3, training: true }), () => F.rrelu(x, 0.1, 0.3, true)],
  ['F_gelu', () => F.gelu(x)],
  ['F_gelu_tanh', () => F.gelu(x, { approximate: 'tanh' })],
  ['F_silu', () => F.silu(x)],
  ['F_mish', () => F.mish(x)],
  ['F_hardswish', () => F.hardswish(x.mul(3))],
  ['F_hardsigmoid', () => F.hardsigmoid(x.mul(3))],
  ['F_hardtanh', () => F.hardtanh(x, -0.5, 0.5), () => F.hardtanh(x, -0.5, { max_val: 0.5 })],
  ['F_hardtanh_kw', () => F.hardtanh(x, { min_val: -0.5, max_val: 0.5 })],
  ['F_threshold', () => F.threshold(x, 0.1, 20.0), () => F.threshold(x, { threshold: 0.1, value: 20 }), () => F.threshold(x, 0.1, { value: 20 })],
  ['F_softplus', () => F.softplus(x, { beta: 2, threshold: 1 }), () => F.softplus(x, 2, 1)],
  ['F_hardshrink', () => F.hardshrink(x, 0.5), () => F.hardshrink(x)],
  ['F_softshrink', () => F.softshrink(x, { lambd: 0.5 }), () => F.softshrink(x, 0.5)],
  ['F_tanhshrink', () => F.tanhshrink(x)],
  ['F_softsign', () => F.softsign(x)],
  ['F_logsigmoid', () => F.logsigmoid(x)],
  ['F_sigmoid', () => torch.sigmoid(x)],
  ['F_glu', () => F.glu(x2, { dim: 1 }), () => F.glu(x2, 1), () => F.glu(x2)],
  ['F_softmax', () => F.softmax(x, { dim: 1 }), () => F.softmax(x, 1), () => F.softmax(x, -1), () => F.softmax({ input: x, dim: 1 })],
  ['F_softmax_dtype', () => F.softmax(x, { dim: 1, dtype: torch.float64 }), () => F.softmax(x, 1, { dtype: f64 }), () => F.softmax(x.double(), 1)],
  ['F_log_softmax', () => F.log_softmax(x, 1), () => F.log_softmax(x, { dim: 1 })],
  ['F_softmin', () => F.softmin(x, { dim: 0 }), () => F.softmin(x, 0)],
  ['F_gumbel_softmax', () => F.gumbel_softmax(x, { tau: 0.5, hard: true }), () => F.gumbel_softmax(x, 0.5, true)],
  ['F_normalize', () => F.normalize(x, { p: 2, dim: 1 }), () => F.normalize(x), () => F.normalize(x, 2, 1)],
  ['F_normalize_pos', () => F.normalize(x, 1, 0), () => F.normalize(x, { p: 1, dim: 0 })],
  ['F_cosine_similarity', () => F.cosine_similarity(x, y, { dim: 1 }), () => F.cosine_similarity(x, y), () => F.cosine_similarity(x, y, 1)],
  ['F_pairwise_distance', () => F.pairwise_distance(x, y, { p: 1.0, keepdim: true }), () => F.pairwise_distance(x, y, 1, 1e-6, true)],
  ['F_pdist', () => F.pdist(x, { p: 2 }), () => F.pdist(x)],
  ['F_one_hot', () => F.one_hot(labels, { num_classes: 6 }), () => F.one_hot(labels, 6), () => F.one_hot({ tensor: labels, num_classes: 6 })],
  ['F_one_hot_infer', () => F.one_hot(labels)],
  ['F_dropout', () => F.dropout(x, { p: 0.3, training: true }), () => F.dropout(x, 0.3), () => F.dropout(x, 0.3, true)],
  ['F_dropout_eval', () => F.dropout(x, 0.3, false), () => F.dropout(x, { training: false })],
  ['F_dropout2d', () => F.dropout2d(img, 0.5), () => F.dropout2d(img)],
  ['F_alpha_dropout', () => F.alpha_dropout(x, { p: 0.2, training: true }), () => F.alpha_dropout(x, 0.2, true)],
  ['F_batch_norm', () => F.batch_norm(x, torch.zeros(5), torch.ones(5), { training: true, momentum: 0.2 }),
    () => F.batch_norm(x, torch.zeros(5), torch.ones(5), null, null, true, 0.2)],
  ['F_batch_norm_eval', () => F.batch_norm(x, cw, cw, cw, b4.new_ones(5)), () => F.batch_norm(x, cw, cw, { weight: cw, bias: torch.ones(5) })],
  ['F_layer_norm', () => F.layer_norm(x, [5], { eps: 1e-6 }), () => F.layer_norm(x, [5], null, null, 1e-6), () => F.layer_norm(x, { normalized_shape: [5], eps: 1e-6 })],
  ['F_layer_norm_affine', () => F.layer_norm(x, [5], cw, cw), () => F.layer_norm(x, [5], { weight: cw, bias: cw })],
  ['F_group_norm', () => F.group_norm(img4, 2, { eps: 1e-3 }), () => F.group_norm(img4, 2, null, null, 1e-3)],
  ['F_instance_norm', () => F.instance_norm(img4, { eps: 1e-3 })],
  ['F_conv2d', () => F.conv2d(img, w_conv, b4, 1, 1), () => F.conv2d(img, w_conv, b4, { padding: 1 }), () => F.conv2d({ input: img, weight: w_conv, bias: b4, stride: 1, padding: 1 })],
  ['F_conv2d_kw', () => F.conv2d(img, w_conv, { bias: b4, stride: 2, padding: 1 }), () => F.conv2d(img, w_conv, b4, 2, 1)],
  ['F_conv2d_same', () => F.conv2d(img, w_conv, { padding: 'same' }), () => F.conv2d(img, w_conv, null, 1, 'same')],
  ['F_conv1d', () => F.conv1d(seq, w_conv.select(2, 0), { stride: 2 }), () => F.conv1d(seq, w_conv.index(':', ':', 0), null, 2)],
  ['F_conv_transpose2d', () => F.conv_transpose2d(img4, w_conv, { stride: 2, padding: 1, output_padding: 1 }), () => F.conv_transpose2d(img4, w_conv, null, 2, 1, 1)],
  ['F_max_pool2d', () => F.max_pool2d(img, 2), () => F.max_pool2d(img, { kernel_size: 2 })],
  ['F_max_pool2d_kw', () => F.max_pool2d(img, { kernel_size: 2, stride: 2 }), () => F.max_pool2d(img, 2, 2), () => F.max_pool2d(img, 2, { stride: 2 }),
    () => F.max_pool2d({ input: img, kernel_size: 2, stride: 2 })],
  ['F_max_pool2d_pos', () => F.max_pool2d(img, 3, 2, 1), () => F.max_pool2d(img, 3, { stride: 2, padding: 1 })],
  ['F_max_pool2d_indices', () => F.max_pool2d(img, 2, { return_indices: true }), () => F.max_pool2d(img, 2, null, 0, 1, false, true)],
  ['F_max_pool1d', () => F.max_pool1d(seq, { kernel_size: 3, stride: 2, ceil_mode: true }), () => F.max_pool1d(seq, 3, 2, 0, 1, true)],
  ['F_avg_pool2d', () => F.avg_pool2d(img, 2), () => F.avg_pool2d(img, { kernel_size: 2 })],
  ['F_avg_pool2d_kw', () => F.avg_pool2d(img, { kernel_size: 3, stride: 2, padding: 1, count_include_pad: false }), () => F.avg_pool2d(img, 3, 2, 1, false, false)],
  ['F_avg_pool1d', () => F.avg_pool1d(seq, 2)],
  ['F_adaptive_avg_pool2d', () => F.adaptive_avg_pool2d(img, [1, 1]), () => F.adaptive_avg_pool2d(img, 1)],
  ['F_adaptive_avg_pool2d_kw', () => F.adaptive_avg_pool2d(img, { output_size: 3 }), () => F.adaptive_avg_pool2d(img, 3)],
  ['F_adaptive_max_pool2d', () => F.adaptive_max_pool2d(img, 2)],
  ['F_adaptive_max_pool2d_indices', () => F.adaptive_max_pool2d(img, 2, { return_indices: true }), () => F.adaptive_max_pool2d(img, 2, true)],
  ['F_adaptive_avg_pool1d', () => F.adaptive_avg_pool1d(seq, 4)],
  ['F_embedding', () => F.embedding(tokens, emb), () => F.embedding({ input: tokens, weight: emb })],
  ['F_embedding_padding', () => F.embedding(tokens, emb, { padding_idx: 0 }), () => F.embedding(tokens, emb, 0)],
  ['F_pad', () => F.pad(img, [1, 1, 2, 0]), () => F.pad(img, { pad: [1, 1, 2, 0] })],
  ['F_pad_reflect', () => F.pad(img, [1, 1, 1, 1], { mode: 'reflect' }), () => F.pad(img, [1, 1, 1, 1], 'reflect')],
  ['F_pad_value', () => F.pad(x, [1, 2], 'constant', 0.5), () => F.pad(x, [1, 2], { value: 0.5 })],
  ['F_interpolate', () => F.interpolate(img, { scale_factor: 2, mode: 'nearest' }), () => F.interpolate(img, null, 2)],
  ['F_interpolate_bilinear', () => F.interpolate(img, { size: [5, 6], mode: 'bilinear', align_corners: false }), () => F.interpolate(img, [5, 6], null, 'bilinear', false)],
  ['F_interpolate_pos', () => F.interpolate(img, [4, 4]), () => F.interpolate(img, { size: [4, 4] })],
  ['F_cross_entropy', () => F.cross_entropy(x, labels), () => F.cross_entropy({ input: x, target: labels }), () => F.cross_entropy(x, { target: labels })],
  ['F_cross_entropy_kw', () => F.cross_entropy(x, labels, { weight: cw, reduction: 'sum', label_smoothing: 0.1 }),
    () => F.cross_entropy(x, labels, cw, null, -100, null, 'sum', 0.1)],
  ['F_cross_entropy_ignore', () => F.cross_entropy(x, labels, { ignore_index: 0 }), () => F.cross_entropy(x, labels, null, null, 0)],
  ['F_nll_loss', () => F.nll_loss(F.log_softmax(x, { dim: 1 }), labels)],
  ['F_nll_loss_none', () => F.nll_loss(x.log_softmax(1), labels, { reduction: 'none' })],
  ['F_binary_cross_entropy', () => F.binary_cross_entropy(probs, bits)],
  ['F_binary_cross_entropy_weight', () => F.binary_cross_entropy(probs, bits, cw, { reduction: 'sum' }), () => F.binary_cross_entropy(probs, bits, { weight: cw, reduction: 'sum' })],
  ['F_bce_with_logits', () => F.binary_cross_entropy_with_logits(x, bits, { pos_weight: cw }), () => F.binary_cross_entropy_with_logits(x, bits, null, null, null, 'mean', cw)],
  ['F_mse_loss', () => F.mse_loss(x, y), () => F.mse_loss({ input: x, target: y })],
  ['F_mse_loss_sum', () => F.mse_loss(x, y, { reduction: 'sum' }), () => F.mse_loss(x, y, null, null, 'sum')],
  ['F_l1_loss', () => F.l1_loss(x, y, { reduction: 'none' })],
  ['F_smooth_l1_loss', () => F.smooth_l1_loss(x, y, { beta: 0.5 })],
  ['F_huber_loss', () => F.huber_loss(x, y, { delta: 0.5 }), () => F.huber_loss(x, y, 'mean', 0.5)],
  ['F_kl_div', () => F.kl_div(F.log_softmax(x, { dim: 1 }), probs.softmax(1), { reduction: 'batchmean' })],
  ['F_kl_div_log_target', () => F.kl_div(x.log_softmax(1), y.log_softmax(1), { reduction: 'sum', log_target: true })],
  ['F_margin_ranking_loss', () => F.margin_ranking_loss(x.select(1, 0), y.select(1, 0), signs, { margin: 0.1 }), () => F.margin_ranking_loss(x.index(':', 0), y.index(':', 0), signs, 0.1)],
  ['F_hinge_embedding_loss', () => F.hinge_embedding_loss(x.select(1, 0), signs, { margin: 0.5 })],
  ['F_soft_margin_loss', () => F.soft_margin_loss(x.select(1, 0), signs)],
  ['F_triplet_margin_loss', () => F.triplet_margin_loss(x, y, x2.repeat(1, 2).index(':', ':5'), { margin: 0.5, p: 1 }), () => F.triplet_margin_loss(x, y, x2.repeat(1, 2).index(':', ':5'), 0.5, 1)],
  ['F_cosine_embedding_loss', () => F.cosine_embedding_loss(x, y, signs, { margin: 0.1 })],
  ['F_poisson_nll_loss', () => F.poisson_nll_loss(x, pos, { log_input: true }), () => F.poisson_nll_loss(x, pos)],
  ['F_gaussian_nll_loss', () => F.gaussian_nll_loss(x, y, pos, { full: true }), () => F.gaussian_nll_loss(x, y, pos, true)],
  ['F_multilabel_soft_margin_loss', () => F.multilabel_soft_margin_loss(x, bits)],
  ['F_multi_margin_loss', () => F.multi_margin_loss(x, labels, { p: 2, margin: 0.5 }), () => F.multi_margin_loss(x, labels, 2, 0.5)],
  ['F_multilabel_margin_loss', () => F.multilabel_margin_loss(x, multi)],

  // ---- nn.init
  ['init_uniform', () => nn.init.uniform_(W(3, 5), -0.1, 0.1), () => nn.init.uniform_(W(3, 5), { a: -0.1, b: 0.1 }), () => nn.init.uniform_(W(3, 5), -0.1, { b: 0.1 }),
    () => nn.init.uniform_({ tensor: W(3, 5), a: -0.1, b: 0.1 })],
  ['init_uniform_default', () => nn.init.uniform_(W(3, 5))],
  ['init_normal', () => nn.init.normal_(W(3, 5), { mean: 0.0, std: 0.02 }), () => nn.init.normal_(W(3, 5), 0, 0.02), () => nn.init.normal_(W(3, 5), { std: 0.02 })],
  ['init_normal_pos', () => nn.init.normal_(W(3, 5), 1.0, 0.5)],
  ['init_trunc_normal', () => nn.init.trunc_normal_(W(3, 5), { std: 0.02 }), () => nn.init.trunc_normal_(W(3, 5), 0, 0.02)],
  ['init_trunc_normal_ab', () => nn.init.trunc_normal_(W(3, 5), 0.0, 1.0, -0.5, 0.5), () => nn.init.trunc_normal_(W(3, 5), { a: -0.5, b: 0.5 })],
  ['init_constant', () => nn.init.constant_(W(3, 5), 0.3), () => nn.init.constant_(W(3, 5), { val: 0.3 })],
  ['init_ones', () => nn.init.ones_(W(3, 5))],
  ['init_zeros', () => nn.init.zeros_(W(3, 5)), () => nn.init.zeros_({ tensor: W(3, 5) })],
  ['init_eye', () => nn.init.eye_(W(3, 5))],
  ['init_dirac', () => nn.init.dirac_(W(4, 2, 3), { groups: 2 }), () => nn.init.dirac_(W(4, 2, 3), 2)],
  ['init_xavier_uniform', () => nn.init.xavier_uniform_(W(3, 5))],
  ['init_xavier_uniform_gain', () => nn.init.xavier_uniform_(W(3, 5), { gain: nn.init.calculate_gain('relu') }), () => nn.init.xavier_uniform_(W(3, 5), nn.init.calculate_gain('relu'))],
  ['init_xavier_normal', () => nn.init.xavier_normal_(W(3, 5), 2.0), () => nn.init.xavier_normal_(W(3, 5), { gain: 2 })],
  ['init_kaiming_uniform', () => nn.init.kaiming_uniform_(W(3, 5), { a: 0.2, mode: 'fan_in', nonlinearity: 'leaky_relu' }),
    () => nn.init.kaiming_uniform_(W(3, 5), 0.2, 'fan_in', 'leaky_relu'), () => nn.init.kaiming_uniform_(W(3, 5), 0.2, { mode: 'fan_in', nonlinearity: 'leaky_relu' }),
    () => nn.init.kaiming_uniform_(W(3, 5), 0.2), () => nn.init.kaiming_uniform_({ tensor: W(3, 5), a: 0.2 })],
  ['init_kaiming_uniform_sqrt5', () => nn.init.kaiming_uniform_(W(3, 5), { a: Math.sqrt(5) }), () => nn.init.kaiming_uniform_(W(3, 5), Math.sqrt(5))],
  ['init_kaiming_normal', () => nn.init.kaiming_normal_(W(4, 3, 3, 3), { mode: 'fan_out', nonlinearity: 'relu' }), () => nn.init.kaiming_normal_(W(4, 3, 3, 3), 0, 'fan_out', 'relu')],
  ['init_kaiming_normal_pos', () => nn.init.kaiming_normal_(W(3, 5), 0, 'fan_in', 'relu'), () => nn.init.kaiming_normal_(W(3, 5), { nonlinearity: 'relu' })],
  ['init_orthogonal', () => nn.init.orthogonal_(W(3, 5), { gain: 2.0 }), () => nn.init.orthogonal_(W(3, 5), 2)],
  ['init_sparse', () => nn.init.sparse_(W(6, 4), { sparsity: 0.5, std: 0.1 }), () => nn.init.sparse_(W(6, 4), 0.5, 0.1), () => nn.init.sparse_(W(6, 4), 0.5, { std: 0.1 })],
  ['calculate_gain', () => nn.init.calculate_gain('leaky_relu', 0.2), () => nn.init.calculate_gain('leaky_relu', { param: 0.2 }), () => nn.init.calculate_gain({ nonlinearity: 'leaky_relu', param: 0.2 })],
  ['calculate_gain_tanh', () => nn.init.calculate_gain('tanh')],
  ['fan_in_out', () => nn.init._calculate_fan_in_and_fan_out(W(4, 3, 3, 3))],
  ['init_param_no_grad', () => { const lin = nn.Linear(5, 3); return [nn.init.normal_(lin.weight, { std: 0.02 }).requires_grad, nn.init.zeros_(lin.bias), lin]; }],
];

// Convolutions run oneDNN/im2col kernels chosen for the CPU's vector width (AVX2, AVX-512), which
// sum in different orders: Python on another machine differs from the fixture by ~3e-6 relative.
const cpuDependent = (name: string) => (/conv\dd|conv_transpose/.test(name) ? 1e-5 : undefined);
describeLiteralPorts('literal ports of torch.nn give PyTorch results', CASES, fixture, 1e-6, cpuDependent);

describe("Python's binding errors", () => {
  const msg = (fn: () => unknown): string => {
    try { fn(); } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}`; }
    return 'no error';
  };
  const loose = (f: unknown) => f as (...a: unknown[]) => unknown;
  test('layer constructors', () => {
    expect(msg(() => loose(nn.Linear)(5))).toBe("TypeError: Linear.__init__() missing 1 required positional argument: 'out_features'");
    expect(msg(() => loose(nn.Linear)())).toBe("TypeError: Linear.__init__() missing 2 required positional arguments: 'in_features' and 'out_features'");
    expect(msg(() => loose(nn.Linear)(5, 3, { bais: false }))).toBe("TypeError: Linear.__init__() got an unexpected keyword argument 'bais'");
    expect(msg(() => loose(nn.Linear)(5, 3, { in_features: 4 }))).toBe("TypeError: Linear.__init__() got multiple values for argument 'in_features'");
    expect(msg(() => loose(nn.Linear)(5, 3, true, null, null, 1))).toBe('TypeError: Linear.__init__() takes from 3 to 6 positional arguments but 7 were given');
    expect(msg(() => loose(nn.Conv2d)(3, 16, { padding: 1 }))).toBe("TypeError: Conv2d.__init__() missing 1 required positional argument: 'kernel_size'");
    expect(msg(() => loose(nn.BatchNorm2d)(3, { momentun: 0.1 }))).toBe("TypeError: _BatchNorm.__init__() got an unexpected keyword argument 'momentun'");
    expect(msg(() => loose(nn.Dropout)({ prob: 0.1 }))).toBe("TypeError: _DropoutNd.__init__() got an unexpected keyword argument 'prob'");
    expect(msg(() => loose(nn.CrossEntropyLoss)({ label_smooth: 0.1 }))).toBe("TypeError: CrossEntropyLoss.__init__() got an unexpected keyword argument 'label_smooth'");
  });
  test('Module methods', () => {
    const net = new Net();
    expect(msg(() => loose(net.train.bind(net))({ mod: false }))).toBe("TypeError: Module.train() got an unexpected keyword argument 'mod'");
    // One value too many: 2.x's named_parameters also takes remove_duplicate.
    const tooMany = forRelease<unknown[]>([['1.13', ['', true, 1]], ['2.0', ['', true, true, 1]]]);
    expect(msg(() => loose(net.named_parameters.bind(net))(...tooMany)))
      .toBe(`TypeError: Module.named_parameters() takes from 1 to ${tooMany.length} positional arguments but ${tooMany.length + 1} were given`);
    expect(msg(() => loose(net.register_buffer.bind(net))('b'))).toBe("TypeError: Module.register_buffer() missing 1 required positional argument: 'tensor'");
    expect(msg(() => net.to(torch.int64))).toBe('TypeError: nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64');
  });
  test('nn.functional and nn.init', () => {
    expect(msg(() => loose(F.max_pool2d)(img, { stride: 2 }))).toBe("TypeError: max_pool2d() missing 1 required positional argument: 'kernel_size'");
    expect(msg(() => loose(F.relu)(x, { inplce: true }))).toBe("TypeError: relu() got an unexpected keyword argument 'inplce'");
    expect(msg(() => loose(F.gelu)(x, 'tanh'))).toBe('TypeError: gelu() takes 1 positional argument but 2 were given');
    expect(msg(() => loose(F.conv2d)(img, w_conv, { weight: w_conv }))).toBe("TypeError: conv2d() got multiple values for argument 'weight'");
    expect(msg(() => loose(nn.init.kaiming_uniform_)(W(3, 5), { nonlin: 'relu' }))).toMatch(/nonlin/);
  });
  test('numpy names for dim', () => {
    expect(F.softmax(x, { axis: 1 }).shape).toEqual([4, 5]);
  });
});

describe('user modules in strict TS', () => {
  class MyDropout extends nn.Dropout {
    constructor(p: number) { super(p); }
  }
  class MyConv extends nn.Conv2d {
    constructor() { super(3, 8, { kernel_size: 3 }); }
  }
  class Head extends nn.Module {
    fc: torch.nn.Linear;
    constructor(n: number) {
      super();
      this.fc = nn.Linear(n, 2);
      nn.init.zeros_(this.fc.bias);
      this.fc.bias.data.add_(1);
    }
    forward(v: torch.Tensor): torch.Tensor { return this.fc(v); }
  }
  test('subclasses construct, print and run', () => {
    const d = new MyDropout(0.2);
    expect(d).toBeInstanceOf(nn.Dropout);
    expect(String(d)).toBe('MyDropout(p=0.2, inplace=False)');
    expect(String(new MyConv())).toBe('MyConv(3, 8, kernel_size=(3, 3), stride=(1, 1))');
    const h = new Head(5);
    expect(h(x).shape).toEqual([4, 2]);
    expect([...h.fc.bias.data.tolist() as number[]]).toEqual([1, 1]);
  });
  test('apply with an inline callback, optional bias typed non-null', () => {
    const net = new Net();
    net.apply((m) => {
      if (m instanceof nn.Linear) {
        nn.init.normal_(m.weight, { mean: 0, std: 0.01 });
        if (m.bias !== null) torch.zero_(m.bias.data);
      }
    });
    expect(net.fc1.bias.abs().sum().item()).toBe(0);
    expect(net.head.bias).toBeNull();  // bias=False: null at run time, typed non-null
    const bn = nn.BatchNorm1d(3, { affine: false, track_running_stats: false });
    expect(bn.weight).toBeNull();
    expect(bn.running_mean).toBeNull();
  });
});

// What Python rejects, the types reject too (checked by tsc; never run).
const typeErrors = (net: Net): unknown[] => [
  // @ts-expect-error out_features is required
  nn.Linear(5),
  // @ts-expect-error misspelled keyword
  nn.Linear(5, 3, { bais: false }),
  // @ts-expect-error kernel_size is required
  nn.Conv2d(3, 16),
  // @ts-expect-error kernel_size is required
  nn.Conv2d(3, 16, { padding: 1 }),
  // @ts-expect-error misspelled keyword
  nn.BatchNorm1d(5, { momentun: 0.1 }),
  // @ts-expect-error misspelled keyword
  nn.Dropout({ prob: 0.5 }),
  // @ts-expect-error unknown padding mode
  nn.Conv2d(3, 16, 3, { padding_mode: 'mirror' }),
  // @ts-expect-error kernel_size is required
  F.max_pool2d(img, { stride: 2 }),
  // @ts-expect-error approximate is keyword-only
  F.gelu(x, 'tanh'),
  // @ts-expect-error misspelled keyword
  F.relu(x, { inplce: true }),
  // @ts-expect-error target is required
  F.cross_entropy(x),
  // @ts-expect-error misspelled keyword
  nn.init.kaiming_uniform_(x, { mode: 'fan_in', nonlin: 'relu' }),
  // @ts-expect-error a number is not a tensor
  nn.init.zeros_(3),
  // @ts-expect-error mode is a boolean
  net.train('yes'),
  // @ts-expect-error misspelled keyword
  net.state_dict({ keepvars: true }),
  // @ts-expect-error dtype is a torch.dtype, not its name
  net.to('cpu', 'float64'),
  // @ts-expect-error without return_indices, max_pool2d is one tensor
  F.max_pool2d(img, 2)[1].shape,
];
test('type errors are compile-time only', () => expect(typeof typeErrors).toBe('function'));
