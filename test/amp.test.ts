// torch.autocast on the CPU (bfloat16) against PyTorch (test/golden/amp.json, scripts/golden/amp.py),
// and torch.amp.GradScaler's arithmetic: inf/NaN skips, backoff, growth interval, state_dict.
import * as torch from '../lib';
import { loadGolden, makeTensor, GoldenTensor } from './golden';
import { expectTensor, errorOf } from './helpers';

const nn = torch.nn, F = torch.nn.functional;
const g = loadGolden('amp');
const I = Object.fromEntries(Object.entries(g.inputs as Record<string, GoldenTensor>).map(([k, v]) => [k, makeTensor(v)]));
const is113 = torch.__libtorch_version__.startsWith('1.');

let warnings: jest.SpyInstance;
beforeEach(() => { warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined); });
afterEach(() => warnings.mockRestore());
const warned = (): string[] => warnings.mock.calls.map((c) => String(c[0]));

// The same ops as scripts/golden/amp.py's OPS.
const OPS: Record<string, () => torch.Tensor> = {
  linear: () => F.linear(I.X, I.W, I.B),
  matmul: () => torch.matmul(I.A, I.M),
  mm: () => torch.mm(I.X, I.W.t()),
  bmm: () => torch.bmm(I.A, I.M),
  addmm: () => torch.addmm(I.B, I.X, I.W.t()),
  linear_relu: () => F.linear(I.X, I.W, I.B).relu(),
  mse_loss: () => F.mse_loss(F.linear(I.X, I.W, I.B), I.T),
  cross_entropy: () => F.cross_entropy(F.linear(I.X, I.W, I.B), I.LABELS),
  softmax: () => torch.softmax(F.linear(I.X, I.W, I.B), 1),
  add_fp32: () => I.X.add(1),
};

describe('torch.autocast("cpu") matches PyTorch', () => {
  test('every op of the fixture is covered', () => expect(Object.keys(OPS)).toEqual(Object.keys(g.ops)));
  test.each(Object.keys(OPS))('%s: dtype and values inside and outside autocast', (name) => {
    expectTensor(torch.autocast('cpu', OPS[name]), g.ops[name].autocast, `${name} under autocast`, 0);
    expectTensor(OPS[name](), g.ops[name].plain, `${name} without autocast`, 0);
  });

  test('nested regions set and restore the state as PyTorch', () => {
    const state = () => ({ cpu_enabled: torch.is_autocast_cpu_enabled(), cpu_dtype: torch.get_autocast_cpu_dtype(), cuda_enabled: torch.is_autocast_enabled() });
    const n = g.nested;
    expect(state()).toEqual(n.outside);
    torch.autocast('cpu', () => {
      expect(state()).toEqual(n.inside);
      expectTensor(torch.mm(I.X, I.W.t()), n.mm_inside, 'mm inside', 0);
      torch.autocast('cpu', { enabled: false }, () => {
        expect(state()).toEqual(n.disabled);
        expectTensor(torch.mm(I.X, I.W.t()), n.mm_disabled, 'mm in a disabled region', 0);
      });
      expect(state()).toEqual(n.after_disabled);
    });
    expect(state()).toEqual(n.after);
  });

  test('a training run with the forward pass under autocast gives PyTorch\'s losses and parameters', () => {
    const t = g.training;
    const model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3));
    model.load_state_dict(Object.fromEntries(Object.entries(t.init as Record<string, GoldenTensor>).map(([k, v]) => [k, makeTensor(v)])));
    const opt = torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    const dtypes: torch.dtype[][] = [];
    for (let step = 0; step < t.losses.length; step++) {
      opt.zero_grad();
      const [out, loss] = torch.autocast('cpu', { dtype: torch.bfloat16 }, () => {
        const o = model(I.X);
        return [o, F.cross_entropy(o, I.LABELS)];
      });
      dtypes.push([out.dtype, loss.dtype]);
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    expect(dtypes).toEqual(t.dtypes);
    expect(losses).toEqual(t.losses);
    for (const [k, v] of Object.entries(model.state_dict())) expectTensor(v, t.final[k], `final ${k}`, 0);
    expect([...model.parameters()].map((p) => p.grad!.dtype)).toEqual(t.grad_dtypes);
  });
});

describe('torch.autocast as a callback region', () => {
  test('returns fn\'s value, restores the state after a throw and after an async fn settles', async () => {
    expect(torch.autocast('cpu', () => 42)).toBe(42);
    expect(() => torch.autocast('cpu', () => { throw new Error('inside'); })).toThrow('inside');
    expect(torch.is_autocast_cpu_enabled()).toBe(false);
    let resolve!: () => void;
    const pending = torch.autocast('cpu', async () => {
      await new Promise<void>((r) => { resolve = r; });
      return torch.is_autocast_cpu_enabled();
    });
    expect(torch.is_autocast_cpu_enabled()).toBe(true);
    resolve();
    expect(await pending).toBe(true);
    expect(torch.is_autocast_cpu_enabled()).toBe(false);
  });

  test('torch.cpu.amp.autocast and the dtype/cache settings', () => {
    expect(torch.cpu.amp.autocast(() => torch.mm(I.X, I.W.t()).dtype)).toBe(torch.bfloat16);
    expect(torch.cpu.amp.autocast({ enabled: false }, () => torch.mm(I.X, I.W.t()).dtype)).toBe(torch.float32);
    expect(torch.get_autocast_dtype('cpu')).toBe(torch.bfloat16);
    expect(torch.get_autocast_gpu_dtype()).toBe(torch.float16);
    expect(torch.is_autocast_cache_enabled()).toBe(true);
    expect(torch.autocast('cpu', { cache_enabled: false }, () => torch.is_autocast_cache_enabled())).toBe(false);
    expect(torch.is_autocast_cache_enabled()).toBe(true);
  });

  test('PyTorch\'s errors and warnings', () => {
    const e = errorOf(() => torch.autocast('foo', () => 1)) as torch.TorchError;
    expect(e.pythonType).toBe('RuntimeError');
    if (is113) expect(e.message).toBe("User specified autocast device_type must be 'cuda' or 'cpu'");
    else expect(e.message).toMatch(/^Expected one of cpu, cuda, .* device type at start of device string: foo$/);
    expect(() => torch.autocast('cpu', { dtype: torch.float16 } as any, undefined as any)).toThrow(/expected a function for fn/);
    if (is113) {
      // 1.13 warns that float16 is unsupported on the CPU, then torch.set_autocast_cpu_dtype refuses it.
      const e16 = errorOf(() => torch.autocast('cpu', { dtype: torch.float16 }, () => 1)) as torch.TorchError;
      expect(e16.message).toBe('Currently, AutocastCPU only support Bfloat16 as the autocast_cpu_dtype');
      expect(warned()).toEqual(['In CPU autocast, but the target dtype is not supported. Disabling autocast.\nCPU Autocast only supports dtype of torch.bfloat16 currently.']);
      expect(torch.is_autocast_cpu_enabled()).toBe(false);
    }
    if (!torch.cuda.is_available()) {
      // PyTorch: "User provided device_type of 'cuda', but CUDA is not available. Disabling".
      warnings.mockClear();
      expect(torch.autocast('cuda', () => torch.is_autocast_enabled())).toBe(false);
      expect(torch.cuda.amp.autocast(() => torch.mm(I.X, I.W.t()).dtype)).toBe(torch.float32);
      const disabling = "User provided device_type of 'cuda', but CUDA is not available. Disabling";
      expect(warned().filter((w) => !w.includes('is deprecated'))).toEqual([disabling, disabling]);
    }
  });
});

/** A one-parameter problem whose gradient is `grad` times the loss scale. */
function problem(grad: number) {
  const w = torch.tensor([1, 2], { dtype: torch.float32, requires_grad: true });
  const opt = torch.optim.SGD([w], { lr: 0.5 });
  const loss = () => w.mul(torch.tensor([grad, grad], { dtype: torch.float32 })).sum();
  return { w, opt, loss };
}

describe('torch.amp.GradScaler', () => {
  test('a training run with overflowing steps follows PyTorch 2.6\'s scaler step for step', () => {
    // Written by PyTorch 2.6 (torch.amp.GradScaler('cpu') needs 2.3+, scripts/golden/grad_scaler.py); the
    // scaler's arithmetic is the same on every release, so every release checks against it.
    // loadGolden falls back from test/golden/<release>/2.6/ to test/golden/2.6/grad_scaler.json.
    const gs = loadGolden('2.6/grad_scaler');
    const X = makeTensor(gs.X), Y = makeTensor(gs.Y);
    const model = nn.Linear(4, 2);
    model.load_state_dict(Object.fromEntries(Object.entries(gs.init as Record<string, GoldenTensor>).map(([k, v]) => [k, makeTensor(v)])));
    const opt = torch.optim.SGD(model.parameters(), { lr: 0.05 });
    const scaler = torch.amp.GradScaler('cpu', { init_scale: 2 ** 10, growth_factor: 2, backoff_factor: 0.5, growth_interval: 3 });
    gs.steps.forEach((want: any, step: number) => {
      opt.zero_grad();
      const before = [...model.parameters()].map((p) => p.detach().clone());
      const loss = model(X).sub(Y).pow(2).mean().mul(gs.overflow[String(step)] ?? 1);
      const scaled = scaler.scale(loss);
      scaled.backward();
      scaler.step(opt);
      scaler.update();
      const stepped = [...model.parameters()].some((p, i) => !p.equal(before[i]));
      expect([step, scaled.item(), scaler.get_scale(), scaler.state_dict()._growth_tracker, stepped])
        .toEqual([step, Math.fround(want.scaled_loss), want.scale, want.growth_tracker, want.stepped]);
      for (const [k, v] of Object.entries(model.state_dict())) expectTensor(v, want.params[k], `step ${step} ${k}`, 0);
    });
    expect(scaler.state_dict()).toEqual(gs.state_dict);
  });


  test('scale, unscale, step and update, by hand', () => {
    const scaler = torch.amp.GradScaler('cpu', { init_scale: 4, growth_interval: 2 });
    const { w, opt, loss } = problem(3);
    const scaled = scaler.scale(loss());
    expect(scaled.item()).toBe(4 * 9);
    scaled.backward();
    expect(w.grad!.tolist()).toEqual([12, 12]);
    scaler.step(opt);
    // The step saw the unscaled gradient: w - 0.5 * 3.
    expect(w.grad!.tolist()).toEqual([3, 3]);
    expect(w.tolist()).toEqual([-0.5, 0.5]);
    scaler.update();
    expect(scaler.state_dict()).toEqual({ scale: 4, growth_factor: 2, backoff_factor: 0.5, growth_interval: 2, _growth_tracker: 1 });
    // The second clean step in a row doubles the scale and resets the tracker.
    opt.zero_grad();
    scaler.scale(loss()).backward();
    scaler.step(opt);
    scaler.update();
    expect(scaler.state_dict()).toMatchObject({ scale: 8, _growth_tracker: 0 });
    expect(w.tolist()).toEqual([-2, -1]);
  });

  test('a step with inf or NaN gradients is skipped and the scale backs off', () => {
    for (const bad of [Infinity, NaN]) {
      const scaler = torch.amp.GradScaler('cpu', { init_scale: 16, backoff_factor: 0.25 });
      const { w, opt, loss } = problem(bad);
      scaler.scale(loss()).backward();
      expect(scaler.step(opt)).toBeUndefined();
      expect(w.tolist()).toEqual([1, 2]);
      scaler.update();
      expect(scaler.state_dict()).toMatchObject({ scale: 4, _growth_tracker: 0 });
    }
  });

  test('unscale_ before step (gradient clipping), and the stage errors', () => {
    const scaler = torch.amp.GradScaler('cpu', { init_scale: 8 });
    const { w, opt, loss } = problem(2);
    scaler.scale(loss()).backward();
    scaler.unscale_(opt);
    expect(w.grad!.tolist()).toEqual([2, 2]);
    expect(errorOf(() => scaler.unscale_(opt)).message).toBe('unscale_() has already been called on this optimizer since the last update().');
    scaler.step(opt);
    expect(w.tolist()).toEqual([0, 1]);
    expect(errorOf(() => scaler.step(opt)).message).toBe('step() has already been called since the last update().');
    expect(errorOf(() => scaler.unscale_(opt)).message).toBe('unscale_() is being called after step().');
    scaler.update();
    const fresh = torch.amp.GradScaler('cpu');
    const e = errorOf(() => fresh.step(opt)) as torch.TorchError;
    expect([e.pythonType, e.message]).toEqual(['AssertionError', 'Attempted step but _scale is None.  This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.']);
  });

  test('growth stops at a non-finite scale; update(new_scale); state_dict round trip', () => {
    const scaler = torch.amp.GradScaler('cpu', { init_scale: 2 ** 127, growth_interval: 1 });
    const { opt, loss } = problem(0);
    scaler.scale(loss()).backward();
    scaler.step(opt);
    scaler.update();
    expect(scaler.get_scale()).toBe(2 ** 127);
    scaler.update(1024);
    expect(scaler.get_scale()).toBe(1024);
    const other = torch.amp.GradScaler('cpu');
    other.load_state_dict(scaler.state_dict());
    expect(other.state_dict()).toEqual(scaler.state_dict());
    expect(() => torch.amp.GradScaler('cpu', { growth_factor: 1 })).toThrow('The growth factor must be > 1.0.');
    expect(() => torch.amp.GradScaler('cpu', { backoff_factor: 1 })).toThrow('The backoff factor must be < 1.0.');
  });

  test('a CUDA scaler without CUDA warns and passes through, as PyTorch 1.13\'s', () => {
    if (torch.cuda.is_available()) return;
    const scaler = torch.cuda.amp.GradScaler();
    expect(warned()).toContain('torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.');
    expect([scaler.is_enabled(), scaler.get_scale(), scaler.state_dict()]).toEqual([false, 1, {}]);
    const { w, opt, loss } = problem(1);
    const l = loss();
    expect(scaler.scale(l)).toBe(l);
    l.backward();
    scaler.step(opt);
    scaler.update();
    expect(w.tolist()).toEqual([0.5, 1.5]);
  });
});
