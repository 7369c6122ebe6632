// "Dropout" (In [46]) and "Monte Carlo Dropout" (In [64], [69], [70]).
import * as torch from '../../../lib';
import { SectionContext, getTaskA, nn, quickRun } from './context';

const F = torch.nn.functional;

/** In [70]: dropout that stays on at inference, for MC dropout models trained from scratch. */
export class MCDropout extends nn.Dropout {
  forward(input: torch.Tensor): torch.Tensor {
    return F.dropout(input, this.p, { training: true });
  }
}

export function dropoutModel(): torch.nn.Sequential {
  return nn.Sequential(
    nn.Flatten(),
    nn.Dropout({ p: 0.2 }), nn.Linear(1 * 28 * 28, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 100), nn.ReLU(),
    nn.Dropout({ p: 0.2 }), nn.Linear(100, 10),
  );
}

export function dropout(ctx: SectionContext) {
  torch.manual_seed(42);
  const model = dropoutModel().to(ctx.device);
  const trained = quickRun(ctx, 'dropout p=.2', model, torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 }));

  // MC dropout: eval mode except the dropout layers, 100 stochastic predictions per image.
  model.eval();
  for (const module of model.modules()) if (module instanceof nn.Dropout) module.train();
  let [X_new, y_new] = getTaskA(ctx).test_loader[Symbol.iterator]().next().value;
  X_new = X_new.to(ctx.device);
  y_new = y_new.to(ctx.device);
  const n = X_new.shape[0];
  const { y_probas_all, y_probas } = torch.no_grad(() => {
    const X_new_repeated = X_new.repeat_interleave(100, { dim: 0 });
    const y_logits_all = model(X_new_repeated).reshape(n, 100, 10);  // n samples, 100 predictions, 10 classes
    const y_probas_all = torch.nn.functional.softmax(y_logits_all, { dim: -1 });
    return { y_probas_all, y_probas: y_probas_all.mean({ dim: 1 }) };
  });
  const mcAccuracy = y_probas.argmax({ dim: 1 }).eq(y_new).sum().div(y_new.length).item();
  const std = y_probas_all.std({ dim: 1 }).round({ decimals: 1 });
  ctx.log(`MC dropout on the first test batch: accuracy ${(100 * mcAccuracy).toFixed(2)}%, mean class-probability std ${y_probas_all.std({ dim: 1 }).mean().item().toFixed(4)}`);

  // The same with MCDropout layers: no train()/eval() juggling.
  const mc = new MCDropout({ p: 0.5 });
  const ones = torch.ones(1000);
  const stillDropping = mc.eval()(ones).eq(0).any().item();
  return { ...trained, mcAccuracy, stdShape: std.shape, probaSums: y_probas.sum({ dim: 1 }), stillDropping };
}
