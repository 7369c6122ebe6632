// BatchNorm folding for inference: W' = γ·W/σ, b' = γ·(b − μ)/σ + β with σ = sqrt(var + eps).
import { Tensor } from '../../tensor';
import { no_grad } from '../../autograd';
import { zeros_like } from '../../creation';
import { deepcopy } from '../../copy';
import { TorchError } from '../../errors';
import { Parameter } from '../parameter';
import type { Linear } from '../linear';
import type { ConvNd } from '../conv';
import type { BatchNormBase } from '../normalization';

/** The folded weight and bias; `channelShape` broadcasts the per-channel scale over the weight. */
function fuseWeights(w: Tensor, b: Tensor | null, bn: BatchNormBase, channelShape: number[]): [Parameter, Parameter] {
  if (!bn.running_mean || !bn.running_var) throw new TorchError('Fusion requires BatchNorm running statistics (track_running_stats=True)', 'AssertionError');
  return no_grad(() => {
    const mean = bn.running_mean!, invStd = bn.running_var!.add(bn.eps).rsqrt();
    const gamma = bn.weight ?? mean.new_ones(mean.shape);
    const beta = bn.bias ?? zeros_like(mean);
    const bias = b ?? zeros_like(mean);
    const scale = gamma.mul(invStd);
    const fusedW = w.mul(scale.reshape(channelShape)).to(w.dtype);
    const fusedB = bias.sub(mean).mul(scale).add(beta).to(w.dtype);
    return [Parameter(fusedW, w.requires_grad), Parameter(fusedB, (b ?? w).requires_grad)];
  });
}

/** A Linear equal, in eval mode, to `linear` followed by `bn` (both must be in eval mode). */
export function fuse_linear_bn_eval(linear: Linear, bn: BatchNormBase): Linear {
  if (linear.training || bn.training) throw new TorchError('Fusion only for eval!', 'AssertionError');
  const fused = deepcopy(linear);
  [fused.weight, fused.bias] = fuseWeights(linear.weight, linear.bias, bn, [-1, 1]);
  return fused;
}

/** A ConvNd equal, in eval mode, to `conv` followed by `bn`. */
export function fuse_conv_bn_eval<C extends ConvNd>(conv: C, bn: BatchNormBase): C {
  if (conv.training || bn.training) throw new TorchError('Fusion only for eval!', 'AssertionError');
  const fused = deepcopy(conv);
  [fused.weight, fused.bias] = fuseWeights(conv.weight, conv.bias, bn, [-1, ...Array(conv.weight.dim() - 1).fill(1)]);
  return fused;
}
