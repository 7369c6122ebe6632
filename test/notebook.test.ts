// Every ported section of the notebook (examples/notebook/) on a slice of the real Fashion-MNIST,
// with fixed seeds: outcomes above floors, shapes, and PyTorch's values where deterministic
// (scripts/golden/notebook.py).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';
import { loadGolden } from './golden';
import { Report } from '../examples/notebook/report';
import { SectionContext } from '../examples/notebook/sections/context';
import { initialization } from '../examples/notebook/sections/initialization';
import { activations } from '../examples/notebook/sections/activations';
import { batchNorm, layerNorm } from '../examples/notebook/sections/normalization';
import { gradientClipping } from '../examples/notebook/sections/gradient_clipping';
import { transferLearning } from '../examples/notebook/sections/transfer_learning';
import { optimizers } from '../examples/notebook/sections/optimizers';
import { schedulers, schedules } from '../examples/notebook/sections/schedulers';
import { regularization } from '../examples/notebook/sections/regularization';
import { dropout, MCDropout } from '../examples/notebook/sections/dropout';
import { pruning, bnFusion } from '../examples/notebook/sections/pruning';
import { SECTIONS } from '../examples/notebook/main';

const golden = loadGolden('notebook');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-notebook-'));
const lines: string[] = [];
const ctx: SectionContext = {
  device: 'cpu',
  heInit: true,
  epochs: 3,
  quickEpochs: 1,
  maxBatches: 60,
  data: { root, limit: { train: 4000, test: 1000 } },
  log: (line) => { lines.push(line); },
  report: new Report('test'),
  progress: { silent: true },
  cache: {},
};
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
beforeEach(() => torch.manual_seed(42));

const closeTo = (got: number[], want: number[], tol = 1e-6) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]))));
};

test('every section of the notebook has a runnable port', () => {
  expect(Object.keys(SECTIONS)).toEqual(['initialization', 'activations', 'batch_norm', 'layer_norm', 'gradient_clipping',
    'transfer_learning', 'optimizers', 'schedulers', 'regularization', 'dropout', 'pruning', 'bn_fusion']);
});

test('initialization: He init, use_he_init via apply, orthogonal', () => {
  const r = initialization(ctx);
  expect(r.bias.tolist()).toEqual(new Array(10).fill(0));
  expect(String(r.model)).toBe('Sequential(\n  (0): Linear(in_features=50, out_features=50, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=40, out_features=1, bias=True)\n)');
  expect(r.orthogonalError).toBeLessThan(1e-5);
  expect(Math.abs(r.heVariance - 2 / 500)).toBeLessThan(2e-4);
});

test('activations equal PyTorch', () => {
  const r = activations(ctx);
  for (const [name, want] of Object.entries(golden.activations as Record<string, number[]>)) closeTo(r.values[name], want);
  expect(r.swigluShape).toEqual([4, 8]);
});

test('batch norm: parameter and buffer names, sequences, both placements train', () => {
  const r = batchNorm(ctx);
  expect(r.parameterNames).toEqual(['weight', 'bias']);
  expect(r.bufferNames).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
  expect(r.seqOutShape).toEqual([32, 3, 100]);
  for (const run of Object.values(r.results)) expect(run.accuracy).toBeGreaterThan(0.75);
});

test('layer norm normalizes each image', () => {
  const r = layerNorm(ctx);
  expect(r.perChannelShape).toEqual([32, 3, 100, 200]);
  expect(r.maxMean).toBeLessThan(1e-5);
  expect(r.maxStdErr).toBeLessThan(1e-3);
});

test('gradient clipping inside the training loop', () => {
  const r = gradientClipping(ctx);
  const norm = r['clip_grad_norm_(max_norm=1.0)'];
  expect(Number.isFinite(norm.maxNormSeen)).toBe(true);
  expect(norm.maxNormSeen).toBeGreaterThan(0);
  for (const run of Object.values(r)) expect(run.accuracy).toBeGreaterThan(0.6);
});

test('transfer learning: model A, then model B on A vs from scratch', () => {
  const r = transferLearning(ctx);
  expect(r.accuracyA).toBeGreaterThan(0.8);
  expect(r.firstBatchAccuracy).toBeGreaterThan(0.7);
  expect(r.accuracyOnA).toBeGreaterThan(0.85);
  expect(r.accuracyScratch).toBeGreaterThan(0.5);
  expect(r.lossesOnA.length).toBe(20);
  // The reused layers were frozen, then trained: A itself is untouched by B's training.
  expect(ctx.cache.modelA![1].weight.requires_grad).toBe(true);
});

test('optimizers: every one trains the model', () => {
  const r = optimizers(ctx);
  expect(Object.keys(r)).toEqual(['SGD', 'SGD momentum', 'SGD Nesterov', 'Adagrad', 'RMSprop', 'Adam', 'Adamax', 'NAdam', 'AdamW']);
  for (const [name, run] of Object.entries(r)) {
    expect(Number.isFinite(run.losses[0])).toBe(true);
    if (run.accuracy <= 0.6) throw new Error(`${name}: accuracy ${run.accuracy}`);
  }
});

test('schedulers: lr per epoch equals PyTorch, warm-up then plateau in a loop', () => {
  const lrs = schedules(20);
  for (const [name, want] of Object.entries(golden.schedules as Record<string, number[]>)) closeTo(lrs[name], want, 1e-12);
  const r = schedulers({ ...ctx, quickEpochs: 4, maxBatches: 20 });
  expect(r.lrHistory.slice(0, 4).map((v) => +v.toPrecision(6))).toEqual([0.005, 0.02, 0.035, 0.05]);
  expect(r.valHistory.length).toBe(4);
});

test('regularization: weight decay, param groups, manual L1/L2, max-norm', () => {
  const r = regularization(ctx);
  expect(Object.keys(r.results).length).toBe(6);
  for (const run of Object.values(r.results)) expect(run.accuracy).toBeGreaterThan(0.6);
  expect(r.maxRowNorm).toBeLessThanOrEqual(2 + 1e-5);
});

test('dropout and MC dropout', () => {
  const r = dropout({ ...ctx, maxBatches: undefined });  // dropout converges slower: a whole epoch of the slice
  expect(r.accuracy).toBeGreaterThan(0.6);
  expect(r.mcAccuracy).toBeGreaterThan(0.5);
  expect(r.stdShape).toEqual([32, 10]);
  closeTo(r.probaSums.tolist() as number[], new Array(32).fill(1), 1e-5);
  expect(r.stillDropping).toBe(true);
  expect(new MCDropout({ p: 0.2 })).toBeInstanceOf(torch.nn.Dropout);
});

test('pruning model A and BN fusion', () => {
  const r = pruning(ctx);
  expect(r.stateKeys).toEqual(['bias', 'weight_orig', 'weight_mask']);
  expect(r.sparsity).toBeCloseTo(0.3, 4);
  expect(r.before).toBeGreaterThan(0.8);
  expect(r.global).toBeGreaterThan(0.5);
  const f = bnFusion(ctx);
  expect([f.layersBefore, f.layersAfter]).toEqual([8, 6]);
  expect(f.maxDiff).toBeLessThan(1e-4);
});

test('the report holds the learning curves', () => {
  const file = ctx.report.write(path.join(root, 'report.html'));
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain('<svg');
  expect(html).toContain('Transfer learning');
  expect(html).toContain('B from scratch');
});
