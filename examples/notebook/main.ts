// The notebook "Training Deep Neural Networks", ported section by section, on real Fashion-MNIST.
//
//   npm run example                      model A (10 epochs) + transfer learning + report.html
//   npm run example -- --sections all    every section
//   npm run example -- --sections optimizers,schedulers --quick-epochs 3 --device cuda
//
// Options: --sections a,b (names below, or all), --epochs N (model A, default 10), --quick-epochs N
// (comparisons, default 2), --max-batches N (cap per epoch for comparisons), --train-limit N /
// --test-limit N (data slices), --device cpu|cuda, --root DIR (datasets), --report FILE, --plain,
// --default-init (keep PyTorch's default Linear init instead of the notebook's He init), --save PATH
// (write model A's state dict with torch.save after training; Python's torch.load reads it).
import * as torch from '../../lib';
import { Report } from './report';
import { SectionContext, getModelA } from './sections/context';
import { initialization } from './sections/initialization';
import { activations } from './sections/activations';
import { batchNorm, layerNorm } from './sections/normalization';
import { gradientClipping } from './sections/gradient_clipping';
import { transferLearning } from './sections/transfer_learning';
import { optimizers } from './sections/optimizers';
import { schedulers } from './sections/schedulers';
import { regularization } from './sections/regularization';
import { dropout } from './sections/dropout';
import { pruning, bnFusion } from './sections/pruning';

/** Every section in the notebook's order. */
export const SECTIONS: Record<string, (ctx: SectionContext) => unknown> = {
  initialization, activations, batch_norm: batchNorm, layer_norm: layerNorm, gradient_clipping: gradientClipping,
  transfer_learning: transferLearning, optimizers, schedulers, regularization, dropout, pruning, bn_fusion: bnFusion,
};
const DEFAULT_SECTIONS = ['transfer_learning'];

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument '${argv[i]}' (see the header of examples/notebook/main.ts)`);
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const int = (k: string, d?: number) => (args[k] === undefined ? d : Number.parseInt(String(args[k]), 10));
  const names = args.sections === 'all' ? Object.keys(SECTIONS) : args.sections ? String(args.sections).split(',') : DEFAULT_SECTIONS;
  for (const n of names) if (!SECTIONS[n]) throw new Error(`unknown section '${n}'; sections: ${Object.keys(SECTIONS).join(', ')}, all`);
  const device = String(args.device ?? 'cpu');
  if (device.startsWith('cuda') && !torch.cuda.is_available()) throw new Error('--device cuda: no CUDA device is available to this LibTorch build');
  const reportFile = String(args.report ?? 'report.html');
  const report = new Report('torchts: Training Deep Neural Networks on Fashion-MNIST');
  const ctx: SectionContext = {
    device,
    heInit: args['default-init'] !== true,
    epochs: int('epochs', 10)!,
    quickEpochs: int('quick-epochs', 2)!,
    maxBatches: int('max-batches'),
    data: { root: String(args.root ?? 'datasets'), limit: { train: int('train-limit'), test: int('test-limit') } },
    log: (line) => console.log(line),
    report,
    progress: { plain: args.plain === true ? true : undefined },
    cache: {},
  };
  torch.manual_seed(42);
  console.log(`torchts on LibTorch ${torch.__libtorch_version__}, device ${device}, ${torch.get_num_threads()} threads; sections: ${names.join(', ')}`);
  const started = Date.now();
  for (const name of names) {
    console.log(`\n== ${name} ==`);
    SECTIONS[name](ctx);
  }
  if (typeof args.save === 'string') {
    torch.save(getModelA(ctx).state_dict(), args.save);
    console.log(`model A's state dict saved to ${args.save}`);
  } else if (args.save !== undefined) {
    throw new Error('--save needs a file path');
  }
  report.text(`LibTorch ${torch.__libtorch_version__}, device ${device}, ${((Date.now() - started) / 1000).toFixed(0)} s in all.`);
  console.log(`\nreport written to ${report.write(reportFile)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

if (require.main === module) main();
