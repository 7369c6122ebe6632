// The notebook's `train` function (In [22]) with a progress bar, plus evaluation helpers.
import * as torch from '../../lib';
import { ProgressBar, ProgressOptions } from './progress';

const nn = torch.nn;
type Loader = Iterable<[torch.Tensor, torch.Tensor]> & { length: number };

export interface TrainOptions {
  device?: string;
  label?: string;
  progress?: ProgressOptions;
  /** Called after optimizer.step() each batch (e.g. apply_max_norm). */
  afterStep?: () => void;
  /** Called between backward() and step() (e.g. clip_grad_norm_). */
  beforeStep?: () => void;
  /** Called at the end of each epoch with its mean loss (e.g. scheduler.step()). */
  onEpoch?: (epoch: number, meanLoss: number) => string | void;
  /** Stop each epoch after this many batches (quick runs). */
  maxBatches?: number;
}

/** Trains for n_epochs and returns the mean loss of each epoch. */
export type Criterion = torch.nn.Module | ((y_pred: torch.Tensor, y: torch.Tensor) => torch.Tensor);

export function train(model: torch.nn.Module, optimizer: torch.optim.Optimizer, criterion: Criterion,
  train_loader: Loader, n_epochs: number, options: TrainOptions = {}): number[] {
  const device = options.device ?? 'cpu';
  const batches = Math.min(train_loader.length, options.maxBatches ?? Infinity);
  const bar = new ProgressBar(options.label ?? 'train', n_epochs, batches, options.progress);
  const losses: number[] = [];
  model.train();
  for (let epoch = 0; epoch < n_epochs; epoch++) {
    let total_loss = 0.0, seen = 0;
    bar.startEpoch();
    for (let [inputs, y_batch] of train_loader) {
      if (seen === batches) break;
      inputs = inputs.to(device);
      y_batch = y_batch.to(device);
      const y_pred = model(inputs);
      const loss = criterion(y_pred, y_batch);
      loss.backward();
      total_loss += loss.item();
      options.beforeStep?.();
      optimizer.step();
      optimizer.zero_grad();
      options.afterStep?.();
      seen++;
      bar.update(epoch, seen, total_loss / seen);
    }
    const mean = total_loss / seen;
    losses.push(mean);
    const extra = options.onEpoch?.(epoch, mean);
    bar.endEpoch(epoch, mean, extra ? ` ${extra}` : '');
  }
  return losses;
}

/** Accuracy over a loader: argmax for multi-class logits, logit > 0 for a single binary logit. */
export function evaluate(model: torch.nn.Module, loader: Loader, device = 'cpu'): number {
  model.eval();
  let correct = 0, total = 0;
  torch.no_grad(() => {
    for (let [X, y] of loader) {
      X = X.to(device);
      y = y.to(device);
      const logits = model(X);
      const pred = logits.shape[1] === 1 ? logits.gt(0).to(y.dtype) : logits.argmax({ dim: 1 });
      correct += pred.eq(y).sum().item();
      total += y.shape[0];
    }
  });
  return correct / total;
}

/** Mean loss over a loader (the notebook's `evaluate(model, test_loader, nn.CrossEntropyLoss())`). */
export function evaluateLoss(model: torch.nn.Module, loader: Loader, criterion: torch.nn.Module = nn.CrossEntropyLoss(), device = 'cpu'): number {
  model.eval();
  let sum = 0, n = 0;
  torch.no_grad(() => {
    for (const [X, y] of loader) {
      sum += criterion(model(X.to(device)), y.to(device)).item() * X.shape[0];
      n += X.shape[0];
    }
  });
  model.train();
  return sum / n;
}
