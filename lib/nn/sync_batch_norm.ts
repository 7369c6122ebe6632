// SyncBatchNorm's autograd Function (PyTorch's torch/nn/modules/_functions.py SyncBatchNorm):
// forward gathers every rank's per-channel mean, invstd and count and normalizes with the global
// statistics; backward all-reduces sum(dy) and sum(dy * (x - mean)) so each rank's input gradient
// is the full batch's. The five statistics kernels are ATen's on CUDA; LibTorch has them for CUDA
// only, so other devices run the same formulas as tensor ops (batchNormKernels below).
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { Function as AutogradFunction, FunctionCtx } from '../autograd_function';
import { cat, stack, zeros, empty, full } from '../creation';
import { float64, int32, channels_last, channels_last_3d } from '../dtype';
import { no_grad } from '../autograd';
import { callAten } from '../ops/dispatch';
import { all_gather, all_gather_into_tensor, all_reduce, ReduceOp, ProcessGroup, GroupMember } from '../distributed/distributed_c10d';

type Opt = Tensor | null;

/** The statistics kernels PyTorch's SyncBatchNorm calls (torch.batch_norm_stats and its siblings). */
interface BatchNormKernels {
  stats(input: Tensor, eps: number): [Tensor, Tensor];
  gatherStatsWithCounts(input: Tensor, mean: Tensor, invstd: Tensor, runningMean: Opt, runningVar: Opt, momentum: number, eps: number, counts: Tensor): [Tensor, Tensor];
  elemt(input: Tensor, weight: Opt, bias: Opt, mean: Tensor, invstd: Tensor, eps: number): Tensor;
  backwardReduce(gradOut: Tensor, input: Tensor, mean: Tensor, invstd: Tensor, weight: Opt, inputG: boolean, weightG: boolean, biasG: boolean): [Opt, Opt, Opt, Opt];
  backwardElemt(gradOut: Tensor, input: Tensor, mean: Tensor, invstd: Tensor, weight: Opt, sumDy: Tensor, sumDyXmu: Tensor, count: Tensor): Tensor;
}

const atenKernels: BatchNormKernels = {
  stats: (input, eps) => callAten('batch_norm_stats', [input, eps]),
  gatherStatsWithCounts: (...args) => callAten('batch_norm_gather_stats_with_counts', args),
  elemt: (...args) => callAten('batch_norm_elemt', args),
  backwardReduce: (...args) => callAten('batch_norm_backward_reduce', args),
  backwardElemt: (...args) => callAten('batch_norm_backward_elemt', args),
};

/** Every dim but the channels (dim 1), and a per-channel [C] tensor's shape broadcast over input. */
const reduceDims = (x: Tensor): number[] => Array.from({ length: x.dim() }, (_, i) => i).filter((i) => i !== 1);
const perChannel = (t: Tensor, like: Tensor): Tensor => t.view(Array.from({ length: like.dim() }, (_, i) => (i === 1 ? -1 : 1)));

// The CUDA kernels' formulas (aten/src/ATen/native/cuda/Normalization.cuh), accumulated in float64.
const compositeKernels: BatchNormKernels = {
  stats(input, eps) {
    const x = input.to(float64);
    const dims = reduceDims(x);
    const mean = x.mean(dims);
    const centered = x.sub(perChannel(mean, x));
    const variance = centered.mul(centered).mean(dims);
    return [mean.to(input.dtype), variance.add(eps).rsqrt().to(input.dtype)];
  },
  gatherStatsWithCounts(input, meanAll, invstdAll, runningMean, runningVar, momentum, eps, counts) {
    // Each rank's biased variance back from its invstd, then Chan's merge of (count, mean, var).
    const count = counts.to(float64).view(-1, 1);
    const means = meanAll.to(float64);
    const vars = invstdAll.to(float64).pow(-2).sub(eps);
    const n = count.sum();
    const mean = means.mul(count).sum(0).div(n);
    const deviation = means.sub(mean);
    const varN = vars.add(deviation.mul(deviation)).mul(count).sum(0);
    no_grad(() => {
      if (runningMean !== null) runningMean.mul_(1 - momentum).add_(mean.mul(momentum).to(runningMean.dtype));
      if (runningVar !== null) runningVar.mul_(1 - momentum).add_(varN.div(n.sub(1)).mul(momentum).to(runningVar.dtype));
    });
    return [mean.to(meanAll.dtype), varN.div(n).add(eps).rsqrt().to(invstdAll.dtype)];
  },
  elemt(input, weight, bias, mean, invstd) {
    let out = input.sub(perChannel(mean, input)).mul(perChannel(invstd, input));
    if (weight !== null) out = out.mul(perChannel(weight, input));
    if (bias !== null) out = out.add(perChannel(bias, input));
    return out.to(input.dtype);
  },
  backwardReduce(gradOut, input, mean, invstd, weight, inputG, weightG, biasG) {
    const dims = reduceDims(input);
    const dy = gradOut.to(float64);
    const sumDy = dy.sum(dims);
    const sumDyXmu = dy.mul(input.to(float64).sub(perChannel(mean.to(float64), input))).sum(dims);
    const stat = (t: Tensor): Tensor => t.to(mean.dtype);
    return [inputG ? stat(sumDy) : null, inputG ? stat(sumDyXmu) : null,
      weightG && weight !== null ? sumDyXmu.mul(invstd.to(float64)).to(weight.dtype) : null,
      biasG && weight !== null ? sumDy.to(weight.dtype) : null];
  },
  backwardElemt(gradOut, input, mean, invstd, weight, sumDy, sumDyXmu, count) {
    const total = count.to(float64).sum();
    const meanDy = sumDy.to(float64).div(total);
    const meanDyXmu = sumDyXmu.to(float64).div(total);
    const inv = invstd.to(float64);
    const x = input.to(float64).sub(perChannel(mean.to(float64), input));
    let scale = inv;
    if (weight !== null) scale = scale.mul(weight.to(float64));
    const grad = gradOut.to(float64).sub(perChannel(meanDy, input)).sub(x.mul(perChannel(inv.mul(inv).mul(meanDyXmu), input)));
    return grad.mul(perChannel(scale, input)).to(input.dtype);
  },
};

const kernelsFor = (input: Tensor): BatchNormKernels => (input.is_cuda ? atenKernels : compositeKernels);

/** PyTorch keeps channels-last inputs as they are and makes every other layout contiguous. */
const contiguousUnlessChannelsLast = (t: Tensor): Tensor =>
  t.is_contiguous({ memory_format: channels_last }) || t.is_contiguous({ memory_format: channels_last_3d }) ? t : t.contiguous();

/**
 * The autograd Function behind SyncBatchNorm in training mode (PyTorch's
 * torch.nn.modules._functions.SyncBatchNorm): apply(input, weight, bias, running_mean,
 * running_var, eps, momentum, process_group, world_size).
 */
export class SyncBatchNormFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, inputArg: Tensor, weightArg: Opt, bias: Opt, runningMean: Opt, runningVar: Opt, eps: number, momentum: number,
    processGroup: ProcessGroup | null, worldSize: number): Tensor {
    const input = contiguousUnlessChannelsLast(inputArg);
    const weight = weightArg === null ? null : weightArg.contiguous();
    const size = Math.trunc(input.numel() / input.size(1));
    if (size === 1 && worldSize < 2) throw new TorchError(`Expected more than 1 value per channel when training, got input size ${size}`, 'ValueError');
    const channels = input.shape[1];
    const kernels = kernelsFor(input);
    let combined: Tensor;
    if (input.numel() > 0) {
      const [mean, invstd] = kernels.stats(input, eps);
      combined = cat([mean, invstd, full([1], size, { dtype: mean.dtype, device: mean.device })], 0);
    } else {
      // An empty input still takes part in the exchange (its count of 0 leaves it out of the statistics).
      combined = zeros([2 * channels + 1], { dtype: input.dtype, device: input.device });
    }
    const group = processGroup ?? GroupMember.WORLD;
    let gathered: Tensor;
    if (group !== null && group._backend !== 'gloo') {
      const flat = empty([1, combined.numel() * worldSize], { dtype: combined.dtype, device: combined.device });
      all_gather_into_tensor(flat, combined, { group });
      gathered = flat.reshape(worldSize, combined.numel());
    } else {
      const parts = Array.from({ length: worldSize }, () => combined.new_empty(combined.shape));
      all_gather(parts, combined, { group });
      gathered = stack(parts, 0);
    }
    // Ranks with empty inputs drop out.
    const kept = gathered.index(gathered.select(1, 2 * channels).ge(1));
    let [meanAll, invstdAll, countAll] = kept.split(channels, 1);
    let counts = countAll.view(-1);
    if (runningMean !== null && counts.dtype !== runningMean.dtype) counts = counts.to(runningMean.dtype);
    const [mean, invstd] = kernels.gatherStatsWithCounts(input, meanAll, invstdAll, runningMean, runningVar, momentum, eps, counts);
    ctx.save_for_backward(input, weight, mean, invstd, countAll.to(int32));
    ctx.process_group = group;
    return input.numel() > 0 ? kernels.elemt(input, weight, bias, mean, invstd, eps) : input.new_empty(input.shape);
  }

  static backward(ctx: FunctionCtx, gradOutputArg: Tensor): Opt[] {
    const gradOutput = contiguousUnlessChannelsLast(gradOutputArg);
    const [savedInput, savedWeight, mean, invstd, count] = ctx.saved_tensors as [Tensor, Opt, Tensor, Tensor, Tensor];
    let weight = savedWeight;
    const group = ctx.process_group as ProcessGroup | null;
    const [needInput, needWeight, needBias] = ctx.needs_input_grad;
    let gradInput: Opt = null, gradWeight: Opt = null, gradBias: Opt = null;
    if (savedInput.numel() > 0) {
      const kernels = kernelsFor(savedInput);
      const [sumDyLocal, sumDyXmuLocal, gw, gb] = kernels.backwardReduce(gradOutput, savedInput, mean, invstd, weight, needInput, needWeight, needBias);
      if (needInput) {
        const channels = sumDyLocal!.shape[0];
        const combined = cat([sumDyLocal!, sumDyXmuLocal!], 0);
        all_reduce(combined, ReduceOp.SUM, { group });
        const [sumDy, sumDyXmu] = combined.split(channels);
        if (weight !== null && weight.dtype !== mean.dtype) weight = weight.to(mean.dtype);
        gradInput = kernels.backwardElemt(gradOutput, savedInput, mean, invstd, weight, sumDy, sumDyXmu, count);
      }
      // The weight and bias gradients stay local: DistributedDataParallel averages them.
      gradWeight = weight !== null && needWeight ? gw : null;
      gradBias = weight !== null && needBias ? gb : null;
    } else if (needInput) {
      // This rank's input was empty: it still joins the exchange its peers wait on.
      all_reduce(zeros([2 * savedInput.shape[1]], { dtype: savedInput.dtype, device: savedInput.device }), ReduceOp.SUM, { group });
    }
    return [gradInput, gradWeight, gradBias, null, null, null, null, null, null];
  }
}
