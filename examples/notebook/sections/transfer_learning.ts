// "Transfer Learning with PyTorch" (In [21]-[26]) and the rest of the story: model B built from
// model A's layers, trained frozen, then unfrozen with a lower learning rate, against model B
// trained from scratch on the same (small) data.
import * as torch from '../../../lib';
import { SectionContext, nn, getModelA, getTaskA, use_he_init } from './context';
import { taskB } from '../data';
import { train, evaluate } from '../train';

export function transferLearning(ctx: SectionContext) {
  const model_A = getModelA(ctx);
  const { test_loader } = getTaskA(ctx);

  // In [23]: accuracy on the first test batch
  model_A.eval();
  let [X_new, y_new] = test_loader[Symbol.iterator]().next().value;
  X_new = X_new.to(ctx.device);
  y_new = y_new.to(ctx.device);
  const y_pred_logits = torch.no_grad(() => model_A(X_new));
  const y_pred = y_pred_logits.argmax({ dim: 1 });
  const firstBatchAccuracy = y_pred.eq(y_new).sum().div(y_new.length);
  ctx.log(`model A: first test batch ${String(firstBatchAccuracy)}, whole test set ${(100 * ctx.cache.modelAAccuracy!).toFixed(2)}%`);

  // In [24]-[26]: reuse everything but the output layer, freeze it, train the new head.
  const lr = 0.01;
  const B = taskB({ ...ctx.data, n_train: 200 });
  const reused_layers = torch.deepcopy(model_A.slice(0, -1));  // everything but output layer
  torch.manual_seed(42);
  const head = nn.Linear(100, 1);
  if (ctx.heInit) head.apply(use_he_init);
  const model_B_on_A = nn.Sequential(...reused_layers, head).to(ctx.device);
  for (const layer of model_B_on_A.slice(0, -1))
    for (const param of layer.parameters()) param.requires_grad = false;
  const xentropy = nn.BCEWithLogitsLoss();
  const frozenEpochs = 4, unfrozenEpochs = 16;
  let optimizer = torch.optim.SGD(model_B_on_A.parameters(), { lr });
  const lossesOnA = train(model_B_on_A, optimizer, xentropy, B.train_loader, frozenEpochs, { device: ctx.device, label: 'B on A (frozen)', progress: ctx.progress });
  // Unfreeze the reused layers and fine-tune everything with a lower learning rate.
  for (const param of model_B_on_A.parameters()) param.requires_grad = true;
  optimizer = torch.optim.SGD(model_B_on_A.parameters(), { lr: lr / 4 });
  lossesOnA.push(...train(model_B_on_A, optimizer, xentropy, B.train_loader, unfrozenEpochs, { device: ctx.device, label: 'B on A (unfrozen)', progress: ctx.progress }));
  const accuracyOnA = evaluate(model_B_on_A, B.test_loader, ctx.device);

  // The same architecture trained from scratch on the same 200 images.
  torch.manual_seed(42);
  const model_B = nn.Sequential(
    nn.Flatten(), nn.Linear(28 * 28, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 1),
  );
  if (ctx.heInit) model_B.apply(use_he_init);
  model_B.to(ctx.device);
  const scratchOptimizer = torch.optim.SGD(model_B.parameters(), { lr });
  const lossesScratch = train(model_B, scratchOptimizer, xentropy, B.train_loader, frozenEpochs + unfrozenEpochs, { device: ctx.device, label: 'B from scratch', progress: ctx.progress });
  const accuracyScratch = evaluate(model_B, B.test_loader, ctx.device);

  ctx.log(`task B (T-shirt/top vs pullover, 200 training images): reusing A's layers ${(100 * accuracyOnA).toFixed(2)}% vs from scratch ${(100 * accuracyScratch).toFixed(2)}%`);
  ctx.report.heading('Transfer learning');
  ctx.report.chart({ title: 'Model A (8 classes): training loss', xLabel: 'epoch', yLabel: 'cross-entropy', curves: [{ label: 'model A', values: ctx.cache.modelALosses! }] });
  ctx.report.chart({ title: 'Task B: training loss', xLabel: 'epoch', yLabel: 'BCE with logits', curves: [{ label: 'B on A (4 frozen + 16)', values: lossesOnA }, { label: 'B from scratch', values: lossesScratch }] });
  ctx.report.table({
    title: 'Test accuracy', header: ['model', 'task', 'accuracy %'],
    rows: [['model A', '8 classes', 100 * ctx.cache.modelAAccuracy!], ['model B on A', 'T-shirt/top vs pullover', 100 * accuracyOnA], ['model B from scratch', 'T-shirt/top vs pullover', 100 * accuracyScratch]],
  });
  return { firstBatchAccuracy: firstBatchAccuracy.item(), accuracyA: ctx.cache.modelAAccuracy!, accuracyOnA, accuracyScratch, lossesOnA, lossesScratch };
}
