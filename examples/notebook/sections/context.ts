// What every ported section receives: device, data sizes, epochs, logging and the report.
import * as torch from '../../../lib';
import { Report } from '../report';
import { ProgressOptions } from '../progress';
import { DataOptions, taskA } from '../data';
import { train, evaluate, TrainOptions, Criterion } from '../train';

export interface SectionContext {
  device: string;
  /** Apply use_he_init to freshly built ReLU nets (the notebook's advice; false: PyTorch's default init). */
  heInit: boolean;
  /** Epochs for model A (the notebook trains it for 10). */
  epochs: number;
  /** Epochs for the side-by-side comparisons (optimizers, schedulers, regularizers). */
  quickEpochs: number;
  /** Batches per epoch cap for the comparisons (undefined: whole epochs). */
  maxBatches?: number;
  data: DataOptions;
  log: (line: string) => void;
  report: Report;
  progress: ProgressOptions;
  /** Shared between sections: task A's loaders and the trained model A. */
  cache: { taskA?: ReturnType<typeof taskA>; modelA?: torch.nn.Sequential; modelAAccuracy?: number; modelALosses?: number[] };
}

export const nn = torch.nn;

export function getTaskA(ctx: SectionContext): ReturnType<typeof taskA> {
  if (!ctx.cache.taskA) ctx.cache.taskA = taskA(ctx.data);
  return ctx.cache.taskA;
}

/** The notebook's advice for ReLU nets (In [12]): He init for every Linear, zero biases. */
export function use_he_init(module: torch.nn.Module): void {
  if (module instanceof nn.Linear) {
    nn.init.kaiming_uniform_(module.weight);
    nn.init.zeros_(module.bias);
  }
}

/** The notebook's model A: 784-100-100-100-8 ReLU MLP (In [22]), He-initialised when `heInit`. */
export function makeModelA(heInit = true): torch.nn.Sequential {
  const model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 8),
  );
  return heInit ? model.apply(use_he_init) : model;
}

/** Trains model A once (SGD lr 0.01, cross-entropy, ctx.epochs) and keeps it for later sections. */
export function getModelA(ctx: SectionContext): torch.nn.Sequential {
  if (ctx.cache.modelA) return ctx.cache.modelA;
  const { train_loader, test_loader } = getTaskA(ctx);
  const model_A = makeModelA(ctx.heInit).to(ctx.device);
  const lr = 0.01;
  const optimizer = torch.optim.SGD(model_A.parameters(), { lr });
  const xentropy = nn.CrossEntropyLoss();
  ctx.log(`Training model A (784-100-100-100-8, ${ctx.heInit ? 'He init' : 'default init'}, SGD lr=${lr}) for ${ctx.epochs} epochs on ${train_loader.length} batches of 32`);
  ctx.cache.modelALosses = train(model_A, optimizer, xentropy, train_loader, ctx.epochs, {
    device: ctx.device, label: 'model A', progress: ctx.progress,
    onEpoch: () => `test acc ${(100 * evaluate(model_A, test_loader, ctx.device)).toFixed(2)}%`,
  });
  model_A.train();
  ctx.cache.modelAAccuracy = evaluate(model_A, test_loader, ctx.device);
  ctx.cache.modelA = model_A;
  return model_A;
}

/** A compact comparison run: a fresh model trained for ctx.quickEpochs, returning losses and accuracy. */
export function quickRun(ctx: SectionContext, label: string, model: torch.nn.Module, optimizer: torch.optim.Optimizer,
  extra: TrainOptions & { criterion?: Criterion } = {}): { losses: number[]; accuracy: number } {
  const { train_loader, test_loader } = getTaskA(ctx);
  const { criterion, ...options } = extra;
  const losses = train(model, optimizer, criterion ?? nn.CrossEntropyLoss(), train_loader, ctx.quickEpochs,
    { device: ctx.device, label, progress: ctx.progress, maxBatches: ctx.maxBatches, ...options });
  const accuracy = evaluate(model, test_loader, ctx.device);
  ctx.log(`${label.padEnd(28)} final loss ${losses[losses.length - 1].toFixed(4)}  test accuracy ${(100 * accuracy).toFixed(2)}%`);
  return { losses, accuracy };
}
