// torch.cuda, torch.backends.cudnn, pinned memory and mixed precision on a GPU. Without CUDA the
// GPU tests skip themselves and the CPU-side contract runs instead: every CUDA-only call throws
// PyTorch's error (checked against PyTorch 1.13's CPU build), the queries PyTorch answers without
// CUDA answer the same. `scripts/gpu-check` runs this file on a GPU machine.
import * as torch from '../lib';
import { loadGolden, makeTensor } from './golden';
import { errorOf } from './helpers';

const nn = torch.nn, F = torch.nn.functional;
const gpu = torch.cuda.is_available();
const onGpu = gpu ? test : test.skip;
const withoutGpu = gpu ? test.skip : test;

/** What PyTorch raises for a CUDA-only call here: [python type, message]. */
const noCuda: [string, string] = torch.backends.cuda.is_built()
  ? ['RuntimeError', 'Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx']
  : ['AssertionError', 'Torch not compiled with CUDA enabled'];
const is113 = torch.__libtorch_version__.startsWith('1.');
/** The CPU build's own errors for names whose C bindings it lacks (a build with CUDA raises noCuda). */
const cpuBuild = (e: [string, string]): [string, string] => (torch.backends.cuda.is_built() ? noCuda : e);
const dummyClass = (name: string): [string, string] => cpuBuild(is113
  ? ['TypeError', 'object.__new__() takes exactly one argument (the type to instantiate)']
  : ['RuntimeError', `Tried to instantiate dummy base class ${name}`]);
const raised = (fn: () => unknown): [string, string] => {
  const e = errorOf(fn) as torch.TorchError;
  expect(e).toBeInstanceOf(torch.TorchError);
  return [e.pythonType, e.message];
};

describe('without CUDA: PyTorch\'s answers and errors', () => {
  withoutGpu.each([
    ['set_device', () => torch.cuda.set_device(0), cpuBuild(['AttributeError', "module 'torch._C' has no attribute '_cuda_setDevice'"])],
    ['reset_peak_memory_stats', () => torch.cuda.reset_peak_memory_stats(), cpuBuild(['AttributeError', "module 'torch._C' has no attribute '_cuda_resetPeakMemoryStats'"])],
    ['Stream', () => torch.cuda.Stream(), dummyClass('Stream')],
    ['Event', () => new torch.cuda.Event({ enable_timing: true }), dummyClass('Event')],
  ] as [string, () => unknown, [string, string]][])('%s throws what PyTorch\'s build raises', (_name, fn, expected) => {
    expect(raised(fn)).toEqual(expected);
  });

  withoutGpu.each([
    ['current_device', () => torch.cuda.current_device()],
    ['get_device_name', () => torch.cuda.get_device_name()],
    ['get_device_properties', () => torch.cuda.get_device_properties(0)],
    ['get_device_capability', () => torch.cuda.get_device_capability()],
    ['synchronize', () => torch.cuda.synchronize()],
    ['current_stream', () => torch.cuda.current_stream()],
    ['default_stream', () => torch.cuda.default_stream()],
    ['Tensor.to', () => torch.ones(2).to('cuda', { non_blocking: true })],
    ['Tensor.cuda', () => torch.ones(2).cuda()],
    ['a factory', () => torch.zeros(2, { device: 'cuda' })],
    ['a *_like factory', () => torch.zeros_like(torch.ones(2), { device: 'cuda:0' })],
  ] as [string, () => unknown][])('%s throws PyTorch\'s error', (_name, fn) => {
    expect(raised(fn)).toEqual(noCuda);
  });

  withoutGpu('memory queries answer 0 and empty_cache / manual_seed do nothing, as PyTorch', () => {
    expect([torch.cuda.memory_allocated(), torch.cuda.max_memory_allocated(), torch.cuda.memory_reserved(), torch.cuda.max_memory_reserved()]).toEqual([0, 0, 0, 0]);
    expect(() => { torch.cuda.empty_cache(); torch.cuda.manual_seed(1); torch.cuda.manual_seed_all(1); }).not.toThrow();
    expect([torch.cuda.is_available(), torch.cuda.device_count(), torch.cuda.is_initialized()]).toEqual([false, 0, false]);
  });

  withoutGpu('pin_memory raises as PyTorch\'s CPU build; is_pinned is false; non_blocking CPU copies work', () => {
    const x = torch.tensor([1, 2]);
    const e = errorOf(() => x.pin_memory()) as torch.TorchError;
    if (is113) {
      expect(e.pythonType).toBe('NotImplementedError');
      expect(e.message.split('\n')[0]).toMatch(/^Could not run 'aten::_pin_memory' with arguments from the 'CUDA' backend/);
    } else expect([e.pythonType, e.message]).toEqual(['RuntimeError', 'Cannot access accelerator device when none is available.']);
    expect(x.is_pinned()).toBe(false);
    expect(x.to('cpu', { non_blocking: true }).tolist()).toEqual([1, 2]);
  });

  withoutGpu('a DataLoader with pin_memory=true does not pin, as PyTorch\'s (no warning)', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const loader = new torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(6).float(), torch.arange(6)), { batch_size: 4, pin_memory: true });
    const batches = [...loader];
    expect(batches.map(([x]) => x.is_pinned())).toEqual([false, false]);
    expect(batches[1][1].tolist()).toEqual([4, 5]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('torch.backends.cudnn', () => {
  test('flags read and write LibTorch\'s global context (PyTorch\'s defaults)', () => {
    const { cudnn } = torch.backends;
    expect([cudnn.enabled, cudnn.benchmark, cudnn.deterministic]).toEqual([true, false, false]);
    cudnn.benchmark = true;
    cudnn.deterministic = true;
    expect([cudnn.benchmark, cudnn.deterministic]).toEqual([true, true]);
    cudnn.benchmark = false;
    cudnn.deterministic = false;
    expect([cudnn.benchmark, cudnn.deterministic]).toEqual([false, false]);
  });
  withoutGpu('without cuDNN: is_available() is false and version() null, as PyTorch', () => {
    if (torch.backends.cuda.is_built()) return;
    expect([torch.backends.cudnn.is_available(), torch.backends.cudnn.version()]).toEqual([false, null]);
  });
  onGpu('with cuDNN: a version, and convolutions equal the CPU\'s with benchmark on', () => {
    expect(torch.backends.cudnn.is_available()).toBe(true);
    expect(torch.backends.cudnn.version()).toBeGreaterThan(7000);
    torch.manual_seed(0);
    const x = torch.randn(4, 3, 16, 16), conv = nn.Conv2d(3, 8, 3, { padding: 1 });
    const cpu = conv(x);
    torch.backends.cudnn.benchmark = true;
    try {
      const cudaConv = torch.deepcopy(conv).to('cuda');
      const out = cudaConv(x.to('cuda'));
      expect(out.device.type).toBe('cuda');
      expect(out.cpu().sub(cpu).abs().max().item()).toBeLessThan(1e-4);
      out.sum().backward();
      expect(cudaConv.weight.grad!.device.type).toBe('cuda');
    } finally {
      torch.backends.cudnn.benchmark = false;
    }
  });
});

describe('on a GPU', () => {
  onGpu('devices: current_device, set_device, names, properties, round trips', () => {
    expect(torch.cuda.device_count()).toBeGreaterThan(0);
    torch.cuda.set_device(0);
    expect(torch.cuda.current_device()).toBe(0);
    const props = torch.cuda.get_device_properties(0);
    expect(props.name).toBe(torch.cuda.get_device_name(0));
    expect(props.total_memory).toBeGreaterThan(2 ** 30);
    expect(torch.cuda.get_device_capability()).toEqual([props.major, props.minor]);
    const x = torch.randn(3, 4);
    for (const dt of [torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.bool]) {
      const y = x.to(dt);
      const back = y.to('cuda').to('cpu');
      expect([back.dtype, back.tolist()]).toEqual([dt, y.tolist()]);
    }
    expect(x.cuda().device.toString()).toBe('cuda:0');
    expect(torch.zeros(2, { device: 'cuda' }).device.type).toBe('cuda');
  });

  onGpu('memory statistics follow allocations; empty_cache releases', () => {
    torch.cuda.synchronize();
    torch.cuda.empty_cache();
    torch.cuda.reset_peak_memory_stats();
    const before = torch.cuda.memory_allocated();
    const big = torch.empty([64, 1024, 1024], { device: 'cuda' });  // 256 MiB
    expect(torch.cuda.memory_allocated() - before).toBe(256 * 2 ** 20);
    expect(torch.cuda.max_memory_allocated()).toBeGreaterThanOrEqual(torch.cuda.memory_allocated());
    expect(torch.cuda.memory_reserved()).toBeGreaterThanOrEqual(torch.cuda.memory_allocated());
    big.dispose();
    expect(torch.cuda.memory_allocated()).toBe(before);
    expect(torch.cuda.max_memory_allocated() - before).toBeGreaterThanOrEqual(256 * 2 ** 20);
    torch.cuda.empty_cache();
    expect(torch.cuda.memory_reserved()).toBeLessThan(256 * 2 ** 20 + before + 64 * 2 ** 20);
  });

  onGpu('streams and events: torch.cuda.stream(s, fn), record, wait, elapsed_time', () => {
    const s = torch.cuda.Stream();
    const outer = torch.cuda.current_stream();
    expect(outer.equals(torch.cuda.default_stream())).toBe(true);
    const start = new torch.cuda.Event({ enable_timing: true }), end = torch.cuda.Event(true);
    const a = torch.randn(512, 512, { device: 'cuda' });
    s.wait_stream(outer);
    const result = torch.cuda.stream(s, () => {
      expect(torch.cuda.current_stream().equals(s)).toBe(true);
      start.record();
      const r = a.mm(a);
      end.record();
      return r;
    });
    expect(torch.cuda.current_stream().equals(outer)).toBe(true);
    outer.wait_stream(s);
    end.synchronize();
    expect(end.query()).toBe(true);
    expect(start.elapsed_time(end)).toBeGreaterThanOrEqual(0);
    s.synchronize();
    expect(s.query()).toBe(true);
    expect(result.cpu().sub(a.cpu().mm(a.cpu())).abs().max().item()).toBeLessThan(1e-2);
  });

  onGpu('every optimizer\'s steps on CUDA follow PyTorch\'s CPU trajectories', () => {
    const golden = loadGolden('optim');
    const NAMES = ['w1', 'b1', 'w2', 'b2', 'w3'];
    const X = makeTensor(golden.X).cuda(), Y = makeTensor(golden.Y).cuda();
    const worst: Record<string, number> = {};
    for (const c of golden.cases) {
      const p: Record<string, torch.Tensor> = {};
      for (const k of NAMES) p[k] = makeTensor(golden.init[k]).cuda().requires_grad_(!c.frozen.includes(k));
      const params = c.groups === 'all' ? NAMES.map((k) => p[k]) : [{ params: [p.w1, p.w2, p.w3], weight_decay: 1e-3 }, { params: [p.b1, p.b2] }];
      const opt = (torch.optim as any)[c.cls](params, { ...c.kwargs });
      let d = 0;
      for (const ref of c.trajectory as Record<string, number[]>[]) {
        opt.zero_grad();
        const h = X.matmul(p.w1.t()).add(p.b1).tanh();
        h.matmul(p.w2.t()).add(p.b2).sub(Y).pow(2).mean().backward();
        opt.step();
        for (const k of NAMES) (p[k].detach().cpu().tolist() as number[] | number[][]).flat().forEach((v, i) => { d = Math.max(d, Math.abs(v - ref[k][i])); });
      }
      worst[c.name] = d;
    }
    // float32 on another device (TF32 off by default for matmul): differences stay at rounding level.
    expect(Object.entries(worst).filter(([, d]) => d > 1e-4)).toEqual([]);
  });

  onGpu('autocast("cuda") + GradScaler trains in float16 with float32 master weights', () => {
    torch.manual_seed(0);
    const X = torch.randn(256, 20, { device: 'cuda' });
    const y = X.narrow(1, 0, 5).sum(1).gt(0).long();
    const model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2)).to('cuda');
    const opt = torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const scaler = torch.amp.GradScaler('cuda');
    const losses: number[] = [];
    for (let step = 0; step < 60; step++) {
      opt.zero_grad();
      const loss = torch.autocast('cuda', { dtype: torch.float16 }, () => {
        const out = model(X);
        expect(out.dtype).toBe(torch.float16);
        return F.cross_entropy(out, y);
      });
      expect(loss.dtype).toBe(torch.float32);
      scaler.scale(loss).backward();
      scaler.step(opt);
      scaler.update();
      losses.push(loss.item());
    }
    expect([...model.parameters()].every((p) => p.dtype === torch.float32 && p.grad!.dtype === torch.float32)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    expect(scaler.get_scale()).toBeGreaterThan(1);
    expect(scaler.state_dict()).toMatchObject({ growth_factor: 2, backoff_factor: 0.5, growth_interval: 2000 });
  });

  onGpu('a GradScaler step with an inf gradient on CUDA is skipped and backs off', () => {
    const w = torch.tensor([1, 2], { dtype: torch.float32, device: 'cuda', requires_grad: true });
    const opt = torch.optim.SGD([w], { lr: 0.5 });
    const scaler = torch.cuda.amp.GradScaler({ init_scale: 16 });
    scaler.scale(w.mul(torch.tensor([Infinity, 1], { device: 'cuda' })).sum()).backward();
    scaler.step(opt);
    scaler.update();
    expect([w.cpu().tolist(), scaler.get_scale()]).toEqual([[1, 2], 8]);
  });

  onGpu('a pinned-memory DataLoader gives pinned batches that copy with non_blocking', () => {
    const ds = torch.utils.data.TensorDataset(torch.randn(10, 3), torch.arange(10));
    const loader = torch.utils.data.DataLoader(ds, { batch_size: 4, pin_memory: true });
    for (const [x, t] of loader) {
      expect([x.is_pinned(), t.is_pinned()]).toEqual([true, true]);
      const xg = x.to('cuda', { non_blocking: true });
      torch.cuda.synchronize();
      expect(xg.cpu().tolist()).toEqual(x.tolist());
    }
    expect(torch.ones(3).pin_memory().is_pinned()).toBe(true);
  });
});
