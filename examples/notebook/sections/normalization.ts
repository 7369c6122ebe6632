// "Batch Normalization" (In [15]-[17]), BatchNorm1d on sequences, "Layer Normalization" (In [18], [19]).
import * as torch from '../../../lib';
import { SectionContext, nn, quickRun } from './context';

/** BN as the first layer and before each activation (In [15]). */
export function bnBeforeActivation(): torch.nn.Sequential {
  return nn.Sequential(
    nn.Flatten(),
    nn.BatchNorm1d(1 * 28 * 28),
    nn.Linear(1 * 28 * 28, 300),
    nn.ReLU(),
    nn.BatchNorm1d(300),
    nn.Linear(300, 100),
    nn.ReLU(),
    nn.BatchNorm1d(100),
    nn.Linear(100, 10),
  );
}
/** BN after the linear layers, which then need no bias (In [17]). */
export function bnAfterLinear(): torch.nn.Sequential {
  return nn.Sequential(
    nn.Flatten(),
    nn.Linear(1 * 28 * 28, 300, { bias: false }),
    nn.BatchNorm1d(300),
    nn.ReLU(),
    nn.Linear(300, 100, { bias: false }),
    nn.BatchNorm1d(100),
    nn.ReLU(),
    nn.Linear(100, 10),
  );
}

export function batchNorm(ctx: SectionContext) {
  const model = bnBeforeActivation();
  // each bn layer has a weight (gamma) and bias (beta), and buffers
  const parameterNames = [...model[1].named_parameters()].map(([n]) => n);
  const bufferNames = [...model[1].named_buffers()].map(([n]) => n);
  ctx.log(`model[1] parameters: ${parameterNames.join(', ')}; buffers: ${bufferNames.join(', ')}`);

  // BatchNorm1d wants [batch, features, length]: 32 trajectories of 100 3-D points need a permute.
  const X = torch.randn(32, 100, 3);
  const seqOut = nn.BatchNorm1d(3)(X.permute(0, 2, 1));

  const results: Record<string, { losses: number[]; accuracy: number }> = {};
  for (const [name, make] of [['BN before activation', bnBeforeActivation], ['BN after linear', bnAfterLinear]] as const) {
    torch.manual_seed(42);
    const m = make().to(ctx.device);
    results[name] = quickRun(ctx, name, m, torch.optim.AdamW(m.parameters(), { lr: 1e-3 }));
  }
  return { parameterNames, bufferNames, seqOutShape: seqOut.shape, results };
}

export function layerNorm(ctx: SectionContext) {
  const inputs = torch.randn(32, 3, 100, 200);  // random rgb image batch
  let layer_norm = nn.LayerNorm([100, 200]);
  const perChannel = layer_norm(inputs);
  // Most vision models normalize over every RGB channel at once:
  layer_norm = nn.LayerNorm([3, 100, 200]);
  const result = layer_norm(inputs);
  const mean = result.mean({ dim: [1, 2, 3] }), std = result.std({ dim: [1, 2, 3], unbiased: false });
  const maxMean = mean.abs().max().item(), maxStdErr = std.sub(1).abs().max().item();
  ctx.log(`LayerNorm([3, 100, 200]) on [32, 3, 100, 200]: per-image |mean| <= ${maxMean.toExponential(1)}, |std - 1| <= ${maxStdErr.toExponential(1)}`);
  return { perChannelShape: perChannel.shape, shape: result.shape, maxMean, maxStdErr };
}
