// JS callbacks the autograd engine makes on a thread other than the JS thread (CUDA device threads)
// run on the JS thread. The native switch runs every engine call on a helper thread while JS
// callbacks live, so the marshalling runs here on CPU: every test of autograd_custom again, plus
// nested engine calls and several failing nodes.
import * as torch from '../lib';
import { native } from '../lib/native';
import { errorOf } from './helpers';
import './autograd_custom.test';

let before = 0;
beforeAll(() => { before = native._setAlwaysMarshal(true); });
afterAll(() => {
  // The callbacks of this file really ran for another thread.
  expect(native._setAlwaysMarshal(false)).toBeGreaterThan(before + 50);
});

const leaf = (values: number[]) => torch.tensor(values, { dtype: torch.float64, requires_grad: true });
const X = [0.5, -1.25, 2, 3.5];

// d/dx of x^3 computed by a nested torch.autograd.grad inside the JS backward; `depth` nests again.
class Cube extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, depth: number) {
    ctx.save_for_backward(x);
    ctx.depth = depth;
    return x.pow(3);
  }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
    const xd = (ctx.saved_tensors[0] as torch.Tensor).detach().requires_grad_();
    const depth = ctx.depth as number;
    const y = torch.enable_grad(() => depth > 0 ? Cube.apply(xd, depth - 1) as torch.Tensor : xd.pow(3));
    return [torch.autograd.grad(y, xd, g)[0], null];
  }
}

describe('JS callbacks marshalled to the JS thread', () => {
  test('grad mode inside a JS backward follows create_graph, as in PyTorch', () => {
    const seen: boolean[] = [];
    class Probe extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        seen.push(torch.is_grad_enabled());
        return g.mul(2);
      }
    }
    const x = leaf(X);
    Probe.apply(x).sum().backward();
    torch.autograd.grad(Probe.apply(x).sum(), x, { create_graph: true });
    expect(seen).toEqual([false, true]);
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('a JS backward sees the autocast state backward() was called with', () => {
    const seen: [boolean, unknown][] = [];
    class Probe extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        seen.push([torch.is_autocast_cpu_enabled(), torch.get_autocast_dtype('cuda')]);
        return g.mul(2);
      }
    }
    const x = leaf(X);
    const before = torch.get_autocast_dtype('cuda');
    torch.set_autocast_dtype('cuda', torch.bfloat16);
    try {
      const y = Probe.apply(x).sum();
      torch.set_autocast_cpu_enabled(true);
      try { y.backward(); } finally { torch.set_autocast_cpu_enabled(false); }
    } finally {
      torch.set_autocast_dtype('cuda', before);
    }
    expect(seen).toEqual([[true, torch.bfloat16]]);
  });

  test.each([0, 1, 3])('a JS backward running torch.autograd.grad, nested %i deep', (depth) => {
    const x = leaf(X);
    Cube.apply(x, depth).sum().backward();
    expect(x.grad!.tolist()).toEqual(X.map((v) => 3 * v * v));
  });

  test('a tensor hook runs a nested backward', () => {
    const x = leaf(X), w = leaf([1, 2, 3, 4]);
    x.register_hook((g) => {
      torch.enable_grad(() => w.mul(w).sum()).backward();  // hooks run with grad mode off
      return g.mul(10);
    });
    x.mul(2).sum().backward();
    expect(x.grad!.tolist()).toEqual([20, 20, 20, 20]);
    expect(w.grad!.tolist()).toEqual([2, 4, 6, 8]);
  });

  test('several failing JS nodes: backward() throws one of their errors, and stays usable', () => {
    class Fails extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, tag: string) { ctx.tag = tag; return x.mul(1); }
      static backward(ctx: torch.autograd.FunctionCtx): torch.Tensor { throw new RangeError(`failed ${ctx.tag as string}`); }
    }
    const x = leaf(X);
    for (let round = 0; round < 3; round++) {
      const out = (Fails.apply(x, 'a') as torch.Tensor).add(Fails.apply(x, 'b') as torch.Tensor).add(Fails.apply(x, 'c') as torch.Tensor);
      const e = errorOf(() => out.sum().backward());
      expect(e).toBeInstanceOf(RangeError);
      expect(['failed a', 'failed b', 'failed c']).toContain(e.message);
    }
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3, 3, 3]);
  });

  test('an error inside a nested grad surfaces from the outer backward()', () => {
    class Inner extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(1); }
      static backward(): torch.Tensor { throw new TypeError('inner failed'); }
    }
    class Outer extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { ctx.save_for_backward(x); return x.mul(1); }
      static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        const xd = (ctx.saved_tensors[0] as torch.Tensor).detach().requires_grad_();
        return torch.autograd.grad(torch.enable_grad(() => (Inner.apply(xd) as torch.Tensor).sum()), xd)[0].mul(g);
      }
    }
    const e = errorOf(() => (Outer.apply(leaf(X)) as torch.Tensor).sum().backward());
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('inner failed');
  });

  test('a JS backward runs backward() on a graph with its own JS nodes and hooks', () => {
    const w = leaf([1, 2, 3, 4]);
    w.register_hook((g) => g.mul(10));
    class Outer extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(1); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        // d/dw sum(w^3 * w) = 4 w^3, times 10 by the hook; Cube's own backward nests grad again.
        torch.enable_grad(() => (Cube.apply(w, 1) as torch.Tensor).mul(w).sum()).backward();
        return g.mul(5);
      }
    }
    const x = leaf(X);
    (Outer.apply(x) as torch.Tensor).sum().backward();
    expect(x.grad!.tolist()).toEqual([5, 5, 5, 5]);
    expect(w.grad!.tolist()).toEqual([1, 2, 3, 4].map((v) => 40 * v ** 3));
  });

  test('an error thrown by a hook inside a nested backward leaves the outer backward() as thrown', () => {
    const thrown = new RangeError('hook failed');
    const w = leaf([1, 2]);
    w.register_hook(() => { throw thrown; });
    class Outer extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(1); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        torch.enable_grad(() => w.mul(w).sum()).backward();
        return g;
      }
    }
    expect(errorOf(() => (Outer.apply(leaf(X)) as torch.Tensor).sum().backward())).toBe(thrown);
    const x = leaf(X);
    Cube.apply(x, 0).sum().backward();
    expect(x.grad!.tolist()).toEqual(X.map((v) => 3 * v * v));
  });

  test('a JS backward may catch the error of its nested backward and go on, as in Python', () => {
    const w = leaf([1, 2]);
    w.register_hook(() => { throw new TypeError('hook failed'); });
    const caught: string[] = [];
    class Outer extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(1); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        try {
          torch.enable_grad(() => w.mul(w).sum()).backward();
        } catch (e) {
          caught.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
        return g.mul(3);
      }
    }
    const x = leaf(X);
    (Outer.apply(x) as torch.Tensor).sum().backward();
    expect(caught).toEqual(['TypeError: hook failed']);
    expect(x.grad!.tolist()).toEqual([3, 3, 3, 3]);
  });

  test('a post-accumulate-grad hook that throws: backward() throws it, later backwards run', () => {
    const x = leaf(X);
    let fail = true;
    x.register_post_accumulate_grad_hook(() => { if (fail) throw new RangeError('post hook failed'); });
    const e = errorOf(() => Cube.apply(x, 0).sum().backward());
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('post hook failed');
    fail = false;
    x.grad = null;
    Cube.apply(x, 0).sum().backward();
    expect(x.grad!.tolist()).toEqual(X.map((v) => 3 * v * v));
  });

  test('backward in an async function while timers are pending: both go on', async () => {
    let ticks = 0;
    const interval = setInterval(() => { ticks++; }, 1);
    const fired: number[] = [];
    let settledInBackward = 0;
    class Later extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        // Microtasks and timers queued from inside backward run once the JS stack unwinds.
        void Promise.resolve().then(() => { settledInBackward++; });
        setTimeout(() => fired.push(-1), 0);
        return g.mul(2);
      }
    }
    try {
      for (let i = 0; i < 10; i++) {
        setTimeout(() => fired.push(i), 0);
        await new Promise((resolve) => setImmediate(resolve));
        const x = leaf(X);
        (Later.apply(x) as torch.Tensor).sum().backward();
        expect(x.grad!.tolist()).toEqual([2, 2, 2, 2]);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      clearInterval(interval);
    }
    expect(settledInBackward).toBe(10);
    expect(fired.filter((v) => v >= 0).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fired.filter((v) => v < 0)).toHaveLength(10);
    expect(ticks).toBeGreaterThan(0);
  });

  test('memory stays flat over many marshalled backwards, graphs let go of mid-backward', () => {
    const x = leaf(X);
    let graph: torch.Tensor[] = [];
    class Twice extends torch.autograd.Function {
      static forward(_ctx: torch.autograd.FunctionCtx, v: torch.Tensor) { return v.mul(2); }
      static backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        torch.dispose(graph);  // the engine's own references keep the graph running
        return g.mul(2);
      }
    }
    // Each step's hook closure holds its own tensor: a hook function never released keeps it alive.
    const step = () => {
      const scale = torch.full([4], 3, { dtype: torch.float64 });
      const y = x.mul(1);
      y.register_hook((g) => g.mul(scale));
      const out = Twice.apply(y) as torch.Tensor;
      const loss = out.sum();
      graph = [y, out, loss];
      loss.backward();
    };
    const live = () => { torch.collect(); torch.collect(); return torch.memory().tensors; };
    for (let i = 0; i < 200; i++) step();
    const before = live();
    const callsBefore = native._setAlwaysMarshal(true);
    for (let i = 0; i < 1500; i++) step();
    const after = live();
    expect(native._setAlwaysMarshal(true) - callsBefore).toBeGreaterThanOrEqual(2 * 1500);
    expect(after - before).toBeLessThan(50);
    expect(x.grad!.tolist()).toEqual(X.map(() => 6 * 1700));
  });
});
