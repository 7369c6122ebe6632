// "Gradient Clipping" (In [20]): clip_grad_norm_ / clip_grad_value_ between backward() and step().
import * as torch from '../../../lib';
import { SectionContext, makeModelA, quickRun } from './context';

export function gradientClipping(ctx: SectionContext) {
  const results: Record<string, { losses: number[]; accuracy: number; maxNormSeen: number }> = {};
  for (const mode of ['clip_grad_norm_(max_norm=1.0)', 'clip_grad_value_(0.5)'] as const) {
    torch.manual_seed(42);
    const model = makeModelA(ctx.heInit).to(ctx.device);
    const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.05 });
    let maxNormSeen = 0;
    const run = quickRun(ctx, mode, model, optimizer, {
      beforeStep: () => {
        if (mode.startsWith('clip_grad_norm_')) {
          const total = torch.nn.utils.clip_grad_norm_(model.parameters(), { max_norm: 1.0 });
          maxNormSeen = Math.max(maxNormSeen, total.item());
        } else {
          torch.nn.utils.clip_grad_value_(model.parameters(), { clip_value: 0.5 });
        }
      },
    });
    results[mode] = { ...run, maxNormSeen };
  }
  return results;
}
