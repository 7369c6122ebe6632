// torch.optim.lr_scheduler against PyTorch 1.13: every case of test/golden/lr_scheduler.json
// (written by scripts/golden/lr_scheduler.py) is replayed step by step, then resumed mid-way from
// state dicts; error cases must raise PyTorch's exception type and message.
import * as torch from '../lib';
import { loadGolden } from './golden';
import { asFixtureInterpreter, firstLine } from './helpers';
import { forRelease } from '../lib/release';

const { lr_scheduler } = torch.optim;
type AnyScheduler = torch.optim.lr_scheduler.LRScheduler | torch.optim.lr_scheduler.ReduceLROnPlateau;

interface OptimizerSpec { type: string; kwargs?: Record<string, unknown>; groups?: Record<string, unknown>[] }
interface SchedulerSpec { type: string; args?: unknown[]; kwargs?: Record<string, unknown>; opt?: number; no_optimizer?: boolean }
type Plan = [number, unknown[]][][];
interface Snapshot { lr: number[]; last_lr: (number[] | null)[]; momentum: number[] | null; printed: string[] }
interface Case {
  name: string; optimizers: OptimizerSpec[]; schedulers: SchedulerSpec[]; plan: Plan; track: 'momentum' | 'beta1' | null;
  resume_at: number | null; records: Snapshot[]; state: Record<string, unknown>[]; optimizer_keys: string[][];
}
interface ErrorCase { name: string; optimizers: OptimizerSpec[]; schedulers: SchedulerSpec[]; plan: Plan; type: string; message: string }

const golden: { torch_version: string; lambdas: string[]; cases: Case[]; errors: ErrorCase[] } = loadGolden('lr_scheduler');

// The same functions as LAMBDAS in scripts/golden/lr_scheduler.py.
const LAMBDAS: Record<string, (x: number) => number> = {
  notebook_warmup: (epoch) => (Math.min(epoch, 3) / 3) * (.9) + .1,
  inv_linear: (epoch) => 1.0 / (1.0 + 0.05 * epoch),
  halve_every_10: (epoch) => (epoch % 10 === 0 && epoch > 0 ? 0.5 : 1.0),
  const_095: () => 0.95,
  alternate: (epoch) => (epoch % 2 ? 0.9 : 1.02),
  inv_scale: (x) => 1.0 / (1.0 + 0.1 * x),
};

function dec(v: any, built: AnyScheduler[]): any {
  if (Array.isArray(v)) return v.map((x) => dec(x, built));
  if (v !== null && typeof v === 'object') {
    if ('$lambda' in v) return LAMBDAS[v.$lambda];
    if ('$sched' in v) return built[v.$sched];
    if ('$list' in v) return [];
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dec(x, built)]));
  }
  return v;
}

function makeOptimizer(spec: OptimizerSpec): torch.optim.Optimizer {
  const model = torch.nn.Linear(3, 2);
  const cls = (torch.optim as any)[spec.type];
  const groups = spec.groups;
  let params: any;
  if (groups && groups.length === 1) params = [{ params: [...model.parameters()], ...groups[0] }];
  else if (groups) params = [model.weight, model.bias].map((p, i) => ({ params: [p], ...groups[i] }));
  else params = model.parameters();
  return cls(params, spec.kwargs ?? {});
}

function build(c: { optimizers: OptimizerSpec[]; schedulers: SchedulerSpec[] }): { opts: torch.optim.Optimizer[]; scheds: AnyScheduler[] } {
  const opts = c.optimizers.map(makeOptimizer);
  const scheds: AnyScheduler[] = [];
  for (const s of c.schedulers) {
    const cls = (lr_scheduler as any)[s.type];
    const args = dec(s.args ?? [], scheds);
    const kwargs = dec(s.kwargs ?? {}, scheds);
    const all = Object.keys(kwargs).length ? [...args, kwargs] : args;
    scheds.push(s.no_optimizer ? cls(...all) : cls(opts[s.opt ?? 0], ...all));
  }
  return { opts, scheds };
}

function momentumOf(opt: torch.optim.Optimizer, track: Case['track']): number[] | null {
  if (track === 'momentum') return opt.param_groups.map((g) => g.momentum);
  if (track === 'beta1') return opt.param_groups.map((g) => g.betas[0]);
  return null;
}
function lastLr(s: AnyScheduler): number[] | null {
  if (s instanceof lr_scheduler.ReduceLROnPlateau) return s._last_lr ?? null;
  return [...s.get_last_lr()];
}

/** Captures console.log lines while `fn` runs. */
function capture(fn: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.join(' ')); });
  try { fn(); } finally { spy.mockRestore(); }
  return lines;
}

function record(opts: torch.optim.Optimizer[], scheds: AnyScheduler[], track: Case['track'], printed: string[]): Snapshot {
  return { lr: opts[0].param_groups.map((g) => g.lr), last_lr: scheds.map(lastLr), momentum: momentumOf(opts[0], track), printed };
}

function runSteps(opts: torch.optim.Optimizer[], scheds: AnyScheduler[], plan: Plan, track: Case['track']): Snapshot[] {
  return plan.map((calls) => {
    const printed = capture(() => {
      for (const o of opts) o.step();
      for (const [idx, args] of calls) (scheds[idx].step as (...a: unknown[]) => void)(...args);
    });
    return record(opts, scheds, track, printed);
  });
}

// Bit-exactness bookkeeping (the tolerance below is what the tests assert).
const stats = { values: 0, exact: 0, maxRel: 0, worst: '', inexact: new Map<string, number>() };
const REL = 1e-12;
function expectClose(got: number, want: number, where: string): void {
  stats.values++;
  if (Object.is(got, want)) { stats.exact++; return; }
  const name = where.replace(/ (step|state_dict).*$/, '');
  stats.inexact.set(name, (stats.inexact.get(name) ?? 0) + 1);
  const rel = Math.abs(got - want) / Math.max(Math.abs(want), Number.MIN_VALUE);
  if (rel > stats.maxRel) { stats.maxRel = rel; stats.worst = where; }
  if (!(rel <= REL)) throw new Error(`${where}: got ${got}, want ${want} (relative error ${rel})`);
}
function expectCloseList(got: number[] | null, want: number[] | null, where: string): void {
  if (want === null || got === null) { expect(got).toEqual(want); return; }
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expectClose(v, want[i], `${where}[${i}]`));
}
function expectRecords(got: Snapshot[], want: Snapshot[], name: string, offset = 0, printed = true): void {
  expect(got.length).toBe(want.length);
  got.forEach((r, k) => {
    const at = `${name} step ${k + offset}`;
    expectCloseList(r.lr, want[k].lr, `${at} lr`);
    r.last_lr.forEach((l, i) => expectCloseList(l, want[k].last_lr[i], `${at} last_lr of scheduler ${i}`));
    expectCloseList(r.momentum, want[k].momentum, `${at} momentum`);
    if (printed) expect(r.printed).toEqual(want[k].printed);
  });
}

/** A state value in the fixture's encoding (Infinity -> {$f}, functions -> "<fn>"), compared as such. */
function encode(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return { $f: Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf' };
  if (typeof v === 'function') return '<fn>';
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}
// PyTorch 1.13 keeps CyclicLR's built-in scale function as a weak method in __dict__; ours is a method.
const PYTHON_ONLY_STATE = ['_scale_fn_ref'];
function expectState(got: Record<string, unknown>, want: Record<string, unknown>, where: string): void {
  const keys = Object.keys(want).filter((k) => !PYTHON_ONLY_STATE.includes(k));
  expect(Object.keys(got).sort()).toEqual(keys.sort());
  for (const k of keys) {
    const g = encode(got[k]);
    const w = encode(want[k]);
    if (k === '_schedulers') (w as any[]).forEach((s, i) => expectState((got[k] as any[])[i], s, `${where}._schedulers[${i}]`));
    else if (typeof w === 'number' && typeof g === 'number') expectClose(g, w, `${where}.${k}`);
    else if (Array.isArray(w) && w.every((x) => typeof x === 'number')) expectCloseList(g as number[], w as number[], `${where}.${k}`);
    else expect([k, g]).toEqual([k, w]);
  }
}

describe('lr_scheduler golden sequences (PyTorch ' + golden.torch_version + ')', () => {
  // step(epoch) warns (EPOCH_DEPRECATION_WARNING), as in PyTorch; keep the test output quiet.
  let warnings: jest.SpyInstance;
  beforeAll(() => { warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => {}); });
  afterAll(() => warnings.mockRestore());

  test.each(golden.cases.map((c) => [c.name, c] as [string, Case]))('%s', (_name, c) => {
    let built!: ReturnType<typeof build>;
    const printed = capture(() => { built = build(c); });
    const { opts, scheds } = built;
    const got = [record(opts, scheds, c.track, printed), ...runSteps(opts, scheds, c.plan, c.track)];
    expectRecords(got, c.records, c.name);
    scheds.forEach((s, i) => expectState(s.state_dict(), c.state[i], `${c.name} state_dict[${i}]`));
    expect(opts[0].param_groups.map((g) => Object.keys(g).filter((k) => k !== 'params').sort())).toEqual(c.optimizer_keys);

    if (c.resume_at !== null) {
      const k = c.resume_at;
      const a = build(c);
      capture(() => runSteps(a.opts, a.scheds, c.plan.slice(0, k), c.track));
      let b!: ReturnType<typeof build>;
      capture(() => { b = build(c); });
      b.opts.forEach((o, i) => o.load_state_dict(a.opts[i].state_dict()));
      b.scheds.forEach((s, i) => s.load_state_dict(a.scheds[i].state_dict()));
      const rest = runSteps(b.opts, b.scheds, c.plan.slice(k), c.track);
      expectRecords(rest, c.records.slice(k + 1), `${c.name} resumed`, k + 1, false);
    }
  });

  afterAll(() => {
    if (process.env.LR_SCHEDULER_REPORT)
      console.log(`lr_scheduler golden: ${stats.exact}/${stats.values} values bit-equal; max relative error ${stats.maxRel} (${stats.worst})\n`
        + [...stats.inexact].map(([name, n]) => `  ${n} not bit-equal: ${name}`).join('\n'));
  });
});

describe('lr_scheduler errors match PyTorch', () => {
  test.each(golden.errors.map((e) => [e.name, e] as [string, ErrorCase]))('%s', (_name, e) => {
    let thrown: unknown = null;
    try {
      const { opts, scheds } = build(e);
      capture(() => runSteps(opts, scheds, e.plan, null));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).not.toBeNull();
    const err = thrown as Error;
    if (e.type === 'TypeError') {
      expect(err).toBeInstanceOf(TypeError);
    } else {
      expect(err).toBeInstanceOf(torch.TorchError);
      expect((err as torch.TorchError).pythonType).toBe(e.type);
    }
    expect(asFixtureInterpreter(firstLine(err.message), e.type, e.message)).toBe(e.message);  // fixtures keep a message's first line
  });
});

describe('lr_scheduler API', () => {
  const sgd = (lr = 0.1, extra: Record<string, unknown> = {}) => torch.optim.SGD(torch.nn.Linear(3, 2).parameters(), { lr, ...extra });

  test('classes construct with and without new; options may name positional arguments', () => {
    const a = lr_scheduler.StepLR(sgd(), 3, 0.5);
    const b = new lr_scheduler.StepLR(sgd(), { step_size: 3, gamma: 0.5 });
    const c = lr_scheduler.StepLR(sgd(), 3, { gamma: 0.5, last_epoch: -1 });
    for (const s of [a, b, c]) {
      expect(s).toBeInstanceOf(lr_scheduler.StepLR);
      expect(s).toBeInstanceOf(lr_scheduler.LRScheduler);
      expect(s).toBeInstanceOf(lr_scheduler._LRScheduler);
      expect([s.step_size, s.gamma, s.last_epoch]).toEqual([3, 0.5, 0]);
    }
    const p = lr_scheduler.ReduceLROnPlateau(sgd(), 'max', { patience: 2 });
    expect(p).toBeInstanceOf(lr_scheduler.ReduceLROnPlateau);
    expect(p).not.toBeInstanceOf(lr_scheduler.LRScheduler);  // as in PyTorch 1.13
    expect([p.mode, p.patience, p.factor]).toEqual(['max', 2, 0.1]);
  });

  test('bad option types raise TypeError naming the argument', () => {
    expect(() => lr_scheduler.StepLR(sgd(), 3, { gamma: 'a' as any })).toThrow(new TypeError("StepLR(): expected number for gamma but received 'a' of type string"));
    expect(() => lr_scheduler.ExponentialLR(sgd(), '0.9' as any)).toThrow(TypeError);
    expect(() => lr_scheduler.ExponentialLR(sgd(), { gamma: null as any })).toThrow(/gamma/);
    expect(() => lr_scheduler.MultiStepLR(sgd(), [2, 4], { gamma: [0.1] as any })).toThrow(/gamma/);
    expect(() => lr_scheduler.LambdaLR(sgd(), 0.5 as any)).toThrow(/lr_lambda/);
    expect(() => lr_scheduler.CyclicLR(sgd(0.1, { momentum: 0.9 }), 0.01, 'x' as any)).toThrow(/max_lr/);
    expect(() => lr_scheduler.ReduceLROnPlateau(sgd(), { min_lr: 'x' as any })).toThrow(TypeError);
    expect(() => lr_scheduler.StepLR({} as any, 3)).toThrow(new TypeError('dict is not an Optimizer'));
    expect(() => lr_scheduler.SequentialLR(sgd(), [1 as any], [])).toThrow(TypeError);
  });

  test('OneCycleLR: total_steps required, stepping past it raises', () => {
    const opt = sgd(0.1, { momentum: 0.9 });
    expect(() => lr_scheduler.OneCycleLR(opt, 0.1)).toThrow('You must define either total_steps OR (epochs AND steps_per_epoch)');
    expect(() => lr_scheduler.OneCycleLR(opt, 0.1, { epochs: 3 })).toThrow(TypeError);
    const s = lr_scheduler.OneCycleLR(opt, { max_lr: 0.1, total_steps: 5 });
    for (let i = 0; i < 5; i++) { opt.step(); s.step(); }
    let err: any = null;
    try { s.step(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(torch.TorchError);
    expect(err.pythonType).toBe('ValueError');
    // PyTorch 2.x counts the steps taken; 1.13 counted one more.
    expect(err.message).toBe(`Tried to step ${forRelease([['1.13', 7], ['2.6', 6]])} times. The specified number of total steps is 5`);
  });

  test('CyclicLR needs a momentum option (or, on PyTorch 2.x, betas) when cycling momentum', () => {
    const adam = torch.optim.Adam(torch.nn.Linear(3, 2).parameters(), { lr: 1e-3 });
    const adagrad = torch.optim.Adagrad(torch.nn.Linear(3, 2).parameters(), { lr: 1e-3 });
    forRelease([
      ['1.13', () => expect(() => lr_scheduler.CyclicLR(adam, 1e-4, 1e-3)).toThrow('optimizer must support momentum with `cycle_momentum` option enabled')],
      ['2.6', () => {
        lr_scheduler.CyclicLR(adam, 1e-4, 1e-3);
        expect(adam.param_groups[0].betas).toEqual([0.9, 0.999]);  // beta1 cycles from max_momentum
      }]])();
    expect(() => lr_scheduler.CyclicLR(adagrad, 1e-4, 1e-3)).toThrow(forRelease([
      ['1.13', 'optimizer must support momentum with `cycle_momentum` option enabled'],
      ['2.6', 'optimizer must support momentum or beta1 with `cycle_momentum` option enabled']]));
    expect(() => lr_scheduler.CyclicLR(adagrad, 1e-4, 1e-3, { cycle_momentum: false })).not.toThrow();
  });

  test('ReduceLROnPlateau takes tensor metrics; get_last_lr before and after a step', () => {
    const opt = sgd(1.0);
    const s = lr_scheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
    expect(s.get_last_lr()).toEqual([1.0]);
    expect(s._last_lr).toEqual(forRelease([['1.13', undefined], ['2.6', [1.0]]]));  // 2.x sets it at construction
    s.step(torch.tensor(2.0));
    s.step(torch.tensor([3.0]));
    expect(s.get_last_lr()).toEqual([0.5]);
    expect(() => s.step('x' as any)).toThrow(TypeError);
  });

  test('state_dict drops lambdas and the optimizer; load restores the schedule', () => {
    const opt = sgd();
    const s = lr_scheduler.LambdaLR(opt, (e) => 0.9 ** e);
    for (let i = 0; i < 4; i++) { opt.step(); s.step(); }
    const state = s.state_dict();
    expect(state.lr_lambdas).toEqual([null]);
    expect('optimizer' in state).toBe(false);
    const restored = JSON.parse(JSON.stringify(state));
    const opt2 = sgd();
    const s2 = lr_scheduler.LambdaLR(opt2, (e) => 0.9 ** e);
    opt2.load_state_dict(opt.state_dict());
    s2.load_state_dict(restored);
    opt.step(); s.step(); opt2.step(); s2.step();
    expect(s2.get_last_lr()).toEqual(s.get_last_lr());
    expect(s2.last_epoch).toBe(5);
    expect(s2.optimizer).toBe(opt2);
  });

  test('MultiStepLR milestones count repeats and survive a JSON round trip', () => {
    const opt = sgd(1.0);
    const s = lr_scheduler.MultiStepLR(opt, [2, 2, 4], 0.5);
    expect(s.milestones).toEqual({ 2: 2, 4: 1 });
    const s2 = lr_scheduler.MultiStepLR(sgd(1.0), [1]);
    s2.load_state_dict(JSON.parse(JSON.stringify(s.state_dict())));
    expect(s2.milestones).toEqual({ 2: 2, 4: 1 });
  });

  test('user subclasses pass their attributes to super() before the first step', () => {
    class WarmupLR extends lr_scheduler.LRScheduler {
      declare warmup: number;
      constructor(optimizer: torch.optim.Optimizer, warmup: number, last_epoch = -1) {
        super(optimizer, { last_epoch, warmup });
      }
      get_lr(): number[] {
        return this.base_lrs.map((lr) => lr * Math.min(1, (this.last_epoch + 1) / this.warmup));
      }
    }
    const opt = sgd(1.0);
    const s = new WarmupLR(opt, 4);
    const lrs = [s.get_last_lr()[0]];
    for (let i = 0; i < 5; i++) { opt.step(); s.step(); lrs.push(s.get_last_lr()[0]); }
    expect(lrs).toEqual([0.25, 0.5, 0.75, 1, 1, 1]);
    expect(s.state_dict().warmup).toBe(4);
    expect(() => new lr_scheduler.LRScheduler(opt)).toThrow('LRScheduler.get_lr() is not implemented');
  });

  test('warns when the scheduler steps before the optimizer, and when get_lr() is called directly', () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const opt = sgd();
      const s = lr_scheduler.ExponentialLR(opt, 0.9);
      s.step();
      s.get_lr();
      const messages = spy.mock.calls.map((c) => String(c[0]));
      expect(messages.some((m) => m.startsWith('Detected call of `lr_scheduler.step()` before `optimizer.step()`'))).toBe(true);
      expect(messages).toContain('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
    } finally {
      spy.mockRestore();
    }
  });
});
