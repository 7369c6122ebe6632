// "l1 and l2 Regularization" (In [42]-[44]) and "Max-Norm Regularization" (In [72]).
import * as torch from '../../../lib';
import { SectionContext, makeModelA, quickRun, nn } from './context';

/** In [72]: rescale each neuron's incoming weights to norm <= max_norm. */
export function apply_max_norm(model: torch.nn.Module, max_norm = 2, eps = 1e-8, dim = 1): void {
  torch.no_grad(() => {
    for (const [name, param] of model.named_parameters()) {
      if (!name.includes('bias')) {
        const actual_norm = param.norm({ p: 2, dim, keepdim: true });
        const target_norm = torch.clamp(actual_norm, 0, max_norm);
        param.mul_(target_norm.div(actual_norm.add(eps)));
      }
    }
  });
}

export function regularization(ctx: SectionContext) {
  const results: Record<string, { losses: number[]; accuracy: number }> = {};
  const fresh = () => { torch.manual_seed(42); return makeModelA(ctx.heInit).to(ctx.device); };

  // l2 = weight decay with SGD; AdamW decouples it.
  let model = fresh();
  results['SGD weight_decay=.001'] = quickRun(ctx, 'SGD weight_decay=.001', model, torch.optim.SGD(model.parameters(), { lr: 0.05, weight_decay: 0.001 }));
  model = fresh();
  results['AdamW weight_decay=.001'] = quickRun(ctx, 'AdamW weight_decay=.001', model, torch.optim.AdamW(model.parameters(), { lr: 1e-3, weight_decay: 0.001 }));

  // Parameter groups: decay only the weights, not biases or batch-norm parameters.
  model = fresh();
  const params_to_reg = [...model.named_parameters()].filter(([name]) => !name.includes('bias') && !name.includes('bn')).map(([, p]) => p);
  const params_bias_and_bn = [...model.named_parameters()].filter(([name]) => name.includes('bias') || name.includes('bn')).map(([, p]) => p);
  const optimizer = torch.optim.SGD([{ params: params_to_reg, weight_decay: 0.0001 }, { params: params_bias_and_bn }], { lr: 0.05 });
  results['param groups (wd on weights)'] = quickRun(ctx, 'param groups (wd on weights)', model, optimizer);

  // Manual l2 and l1 penalties added to the loss.
  for (const kind of ['l2', 'l1'] as const) {
    model = fresh();
    const reg = [...model.named_parameters()].filter(([name]) => !name.includes('bias') && !name.includes('bn')).map(([, p]) => p);
    const loss_fn = nn.CrossEntropyLoss();
    const criterion = (y_pred: torch.Tensor, y_batch: torch.Tensor) => {
      const main_loss = loss_fn(y_pred, y_batch);
      const penalty = kind === 'l2'
        ? reg.map((param) => param.pow(2.0).sum()).reduce((a, b) => a.add(b))
        : reg.map((param) => param.abs().sum()).reduce((a, b) => a.add(b));
      return main_loss.add(penalty.mul(1e-4));
    };
    const label = `manual ${kind} penalty 1e-4`;
    results[label] = quickRun(ctx, label, model, torch.optim.SGD(model.parameters(), { lr: 0.05 }), { criterion });
  }

  // Max-norm after every optimizer step.
  model = fresh();
  results['max-norm 2'] = quickRun(ctx, 'max-norm 2', model, torch.optim.SGD(model.parameters(), { lr: 0.05 }), { afterStep: () => apply_max_norm(model) });
  const rowNorms = model[1].weight.norm({ p: 2, dim: 1 });
  const maxRowNorm = rowNorms.max().item();
  ctx.log(`max-norm: largest row norm of the first layer after training ${maxRowNorm.toFixed(4)} (limit 2)`);

  ctx.report.heading('Regularization');
  ctx.report.table({ title: 'Regularizers: test accuracy', header: ['setup', 'final loss', 'accuracy %'], rows: Object.entries(results).map(([k, r]) => [k, r.losses[r.losses.length - 1], 100 * r.accuracy]) });
  return { results, maxRowNorm };
}
