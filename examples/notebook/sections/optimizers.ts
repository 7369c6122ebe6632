// "Faster Optimizers": each optimizer from the notebook trains the same model from the same start.
import * as torch from '../../../lib';
import { SectionContext, makeModelA, quickRun } from './context';

type Params = Iterable<torch.nn.Parameter>;
/** The notebook's constructor calls; the adaptive ones use lr 1e-3 ("often default eta .001 is good"). */
export const OPTIMIZERS: [string, (params: Params) => torch.optim.Optimizer][] = [
  ['SGD', (p) => torch.optim.SGD(p, { lr: 0.05 })],
  ['SGD momentum', (p) => torch.optim.SGD(p, { momentum: 0.9, lr: 0.05 })],
  ['SGD Nesterov', (p) => torch.optim.SGD(p, { momentum: 0.9, nesterov: true, lr: 0.05 })],
  ['Adagrad', (p) => torch.optim.Adagrad(p, { lr: 0.01 })],
  ['RMSprop', (p) => torch.optim.RMSprop(p, { alpha: 0.9, lr: 1e-3 })],
  ['Adam', (p) => torch.optim.Adam(p, { betas: [0.9, 0.999], lr: 1e-3 })],
  ['Adamax', (p) => torch.optim.Adamax(p, { lr: 2e-3 })],
  ['NAdam', (p) => torch.optim.NAdam(p, { lr: 1e-3 })],
  ['AdamW', (p) => torch.optim.AdamW(p, { lr: 1e-3 })],
];

export function optimizers(ctx: SectionContext, names?: string[]) {
  const results: Record<string, { losses: number[]; accuracy: number }> = {};
  for (const [name, make] of OPTIMIZERS) {
    if (names && !names.includes(name)) continue;
    torch.manual_seed(42);
    const model = makeModelA(ctx.heInit).to(ctx.device);
    results[name] = quickRun(ctx, name, model, make(model.parameters()));
  }
  ctx.report.heading('Optimizers');
  ctx.report.chart({ title: 'Training loss by optimizer', xLabel: 'epoch', yLabel: 'cross-entropy', curves: Object.entries(results).map(([label, r]) => ({ label, values: r.losses })) });
  ctx.report.table({ title: 'Optimizers: test accuracy', header: ['optimizer', 'final loss', 'accuracy %'], rows: Object.entries(results).map(([k, r]) => [k, r.losses[r.losses.length - 1], 100 * r.accuracy]) });
  return results;
}
