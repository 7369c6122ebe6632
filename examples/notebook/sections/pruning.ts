// Sparsity by pruning ("torch.nn.utils.prune.ln_structured()") and BatchNorm fusion for inference.
import * as torch from '../../../lib';
import { SectionContext, getModelA, getTaskA, nn } from './context';
import { evaluate } from '../train';
import { bnAfterLinear } from './normalization';

const prune = torch.nn.utils.prune;

export function pruning(ctx: SectionContext) {
  const model_A = getModelA(ctx);
  const { test_loader } = getTaskA(ctx);
  const before = evaluate(model_A, test_loader, ctx.device);
  const model = torch.deepcopy(model_A);
  // Drop half of the second layer's neurons (rows with the smallest L2 norm) ...
  prune.ln_structured(model[3], 'weight', { amount: 0.5, n: 2, dim: 0 });
  const structured = evaluate(model, test_loader, ctx.device);
  // ... and 30% of all remaining first-layer weights by magnitude.
  prune.l1_unstructured(model[1], 'weight', { amount: 0.3 });
  const unstructured = evaluate(model, test_loader, ctx.device);
  const stateKeys = Object.keys(model[1].state_dict());
  const sparsity = model[1].weight.eq(0).sum().item() / model[1].weight.numel();
  prune.remove(model[1], 'weight');
  prune.remove(model[3], 'weight');
  // Global magnitude pruning over every hidden layer of a fresh copy.
  const globalModel = torch.deepcopy(model_A);
  prune.global_unstructured([[globalModel[1], 'weight'], [globalModel[3], 'weight'], [globalModel[5], 'weight']], { pruning_method: prune.L1Unstructured, amount: 0.5 });
  const global = evaluate(globalModel, test_loader, ctx.device);
  ctx.log(`pruning model A: ${(100 * before).toFixed(2)}% -> ln_structured(0.5) ${(100 * structured).toFixed(2)}% -> +l1_unstructured(0.3) ${(100 * unstructured).toFixed(2)}%; global 50% ${(100 * global).toFixed(2)}%`);
  ctx.report.heading('Pruning');
  ctx.report.table({ title: 'Model A after pruning', header: ['pruning', 'test accuracy %'], rows: [['none', 100 * before], ['ln_structured 50% rows of layer 2', 100 * structured], ['+ l1_unstructured 30% of layer 1', 100 * unstructured], ['global_unstructured 50%', 100 * global]] });
  return { before, structured, unstructured, global, stateKeys, sparsity };
}

/** Fold each BatchNorm into the Linear before it: same outputs in eval mode, fewer layers. */
export function bnFusion(ctx: SectionContext) {
  torch.manual_seed(0);
  const model = bnAfterLinear().to(ctx.device);
  // Give the BN layers non-trivial statistics.
  torch.no_grad(() => { for (let i = 0; i < 5; i++) model(torch.rand(64, 1, 28, 28).to(ctx.device)); });
  model.eval();
  const fused = nn.Sequential(
    model[0],
    nn.utils.fuse_linear_bn_eval(model[1], model[2]), model[3],
    nn.utils.fuse_linear_bn_eval(model[4], model[5]), model[6],
    model[7],
  ).eval();
  const X = torch.rand(16, 1, 28, 28).to(ctx.device);
  const maxDiff = torch.no_grad(() => model(X).sub(fused(X)).abs().max().item());
  ctx.log(`BN fusion: ${model.length} -> ${fused.length} layers, max |difference| ${maxDiff.toExponential(2)}`);
  return { layersBefore: model.length, layersAfter: fused.length, maxDiff };
}
