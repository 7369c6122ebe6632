// "Learning Rate Scheduling": the lr each scheduler gives per epoch, and the notebook's warm-up +
// performance scheduling recipe in a real training loop.
import * as torch from '../../../lib';
import { SectionContext, makeModelA, getTaskA, nn } from './context';
import { train, evaluate } from '../train';

const lr_scheduler = torch.optim.lr_scheduler;
const model = () => makeModelA();

/** Each scheduler from the notebook, stepped once per epoch for `epochs` epochs (no training). */
export function schedules(epochs = 20): Record<string, number[]> {
  const make: [string, () => [torch.optim.Optimizer, { step(...a: any[]): void }]][] = [
    ['ExponentialLR(gamma=.9)', () => { const o = torch.optim.AdamW(model().parameters(), { lr: 0.05 }); return [o, lr_scheduler.ExponentialLR(o, { gamma: 0.9 })]; }],
    ['CosineAnnealingLR(T_max=20)', () => { const o = torch.optim.AdamW(model().parameters(), { lr: 0.05 }); return [o, lr_scheduler.CosineAnnealingLR(o, { T_max: 20, eta_min: 0.001 })]; }],
    ['LinearLR warm-up', () => { const o = torch.optim.AdamW(model().parameters(), { lr: 0.05 }); return [o, lr_scheduler.LinearLR(o, { start_factor: 0.1, end_factor: 1, total_iters: 3 })]; }],
    ['LambdaLR warm-up', () => { const o = torch.optim.AdamW(model().parameters(), { lr: 0.05 }); return [o, lr_scheduler.LambdaLR(o, (epoch: number) => (Math.min(epoch, 3) / 3) * 0.9 + 0.1)]; }],
    ['CosineAnnealingWarmRestarts', () => { const o = torch.optim.AdamW(model().parameters(), { lr: 0.05 }); return [o, lr_scheduler.CosineAnnealingWarmRestarts(o, { T_0: 2, T_mult: 2, eta_min: 0.001 })]; }],
    ['OneCycleLR(max_lr=.05)', () => { const o = torch.optim.SGD(model().parameters(), { lr: 0.05, momentum: 0.9 }); return [o, lr_scheduler.OneCycleLR(o, { max_lr: 0.05, total_steps: epochs })]; }],
  ];
  const out: Record<string, number[]> = {};
  for (const [name, build] of make) {
    const [optimizer, scheduler] = build();
    const lrs: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      lrs.push(optimizer.param_groups[0].lr);
      optimizer.step();
      scheduler.step();
    }
    out[name] = lrs;
  }
  return out;
}

export function schedulers(ctx: SectionContext) {
  const lrs = schedules(20);
  ctx.report.heading('Learning-rate schedules');
  ctx.report.chart({ title: 'lr per epoch', xLabel: 'epoch', yLabel: 'lr', curves: Object.entries(lrs).map(([label, values]) => ({ label, values })) });

  // Warm up for 3 epochs with LinearLR, then performance scheduling on validation accuracy.
  const { test_loader } = getTaskA(ctx);
  torch.manual_seed(42);
  const net = makeModelA(ctx.heInit).to(ctx.device);
  const optimizer = torch.optim.SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
  const warmup_sch = lr_scheduler.LinearLR(optimizer, { start_factor: 0.1, end_factor: 1, total_iters: 3 });
  const scheduler = lr_scheduler.ReduceLROnPlateau(optimizer, { mode: 'max', patience: 2, factor: 0.1 });
  const lrHistory: number[] = [], valHistory: number[] = [];
  const epochs = Math.max(ctx.quickEpochs, 4);
  const losses = train(net, optimizer, nn.CrossEntropyLoss(), getTaskA(ctx).train_loader, epochs, {
    device: ctx.device, label: 'warm-up + plateau', progress: ctx.progress, maxBatches: ctx.maxBatches,
    onEpoch: (epoch) => {
      const val_metric = evaluate(net, test_loader, ctx.device);
      net.train();
      lrHistory.push(optimizer.param_groups[0].lr);
      valHistory.push(val_metric);
      if (epoch < 3) warmup_sch.step();
      else scheduler.step(val_metric);
      return `val acc ${(100 * val_metric).toFixed(2)}% lr ${lrHistory[lrHistory.length - 1].toPrecision(3)}`;
    },
  });
  ctx.log(`warm-up + ReduceLROnPlateau: lr per epoch ${lrHistory.map((v) => v.toPrecision(3)).join(', ')}`);
  return { lrs, lrHistory, valHistory, losses };
}
