// Tensor lifetime: plain loops with no dispose calls stay bounded; dispose/tidy free at once.
import { Worker } from 'worker_threads';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as torch from '../lib';

const MB = 1 << 20;

describe('memory without dispose calls', () => {
  test('100k iterations of y = a.add(b) on 100k-element tensors keep RSS bounded', () => {
    // Jest shares the addon between the test files a worker runs: count from this test's start.
    torch.collect();
    const tensors0 = torch.memory().tensors;
    const a = torch.ones(100_000), b = torch.ones(100_000);
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let y = a.add(b);
    for (let i = 0; i < 100_000; i++) {
      y = a.add(b);
      if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(y.index(0).item()).toBe(2);
    // 100k results of 400 KB each would be 40 GB; the collection budget holds a few MB of them.
    expect(peak - rss0).toBeLessThan(1024 * MB);
    expect(torch.memory().tensors - tensors0).toBeLessThan(2_000);
    expect(torch.memory().minorCollections).toBeGreaterThan(100);
  });

  test('small tensors in a loop: the live tensor count stays bounded', () => {
    torch.collect();
    const tensors0 = torch.memory().tensors;
    const x = torch.ones(10);
    let y = x;
    for (let i = 0; i < 200_000; i++) y = x.add(x).mul(0.5);
    expect(y.sum().item()).toBe(10);
    expect(torch.memory().tensors - tensors0).toBeLessThan(50_000);
  });

  test('tensors held across young collections: the budget grows, and full collections free what was promoted', () => {
    // V8 promotes a tensor that survives two young collections; only a full collection frees it
    // then. Runs in a bare process, where a full collection costs what it does in Node itself.
    const dist = JSON.stringify(path.join(__dirname, '..', 'dist'));
    const code = `const torch = require(${dist});
      const MB = 1 << 20;
      function phase(iterations, heldMB, temporaries) {
        torch.collect();
        const m0 = torch.memory();
        let peak = 0, checksum = 0;
        for (let i = 0; i < iterations; i++) {
          const held = torch.ones(heldMB * MB / 4);
          const part = held.narrow(0, 0, MB / 4);
          let t = part;
          for (let j = 0; j < temporaries; j++) t = part.add(j);
          checksum += t.index(0).item();
          peak = Math.max(peak, torch.memory().bytes - m0.bytes);
        }
        const m = torch.memory();
        return { checksum, peakMB: peak / MB, minor: m.minorCollections - m0.minorCollections, full: m.fullCollections - m0.fullCollections };
      }
      console.log(JSON.stringify([phase(300, 1, 12), phase(100, 4, 70)]));`;
    const [grow, full] = JSON.parse(execFileSync(process.execPath, ['-e', code]).toString());
    // Held across 12 MB, each tensor would be promoted at 4 MB a collection (~1,000 collections):
    // the budget grows until they die young (up to 32 MB a collection).
    expect(grow.checksum).toBe(300 * 12);
    expect(grow.minor).toBeLessThan(400);
    expect(grow.peakMB).toBeLessThan(100);
    // Held across 70 MB, they are promoted even at 32 MB (400 MB in all): full collections start at
    // 64 MB and are paced to a tenth of the CPU time; a 512 MB floor would let all 400 MB stay.
    expect(full.checksum).toBe(100 * 70);
    expect(full.full).toBeGreaterThanOrEqual(2);
    expect(full.peakMB).toBeLessThan(300);
  });

  test('one-off promotions (a dataset loaded, a model built) leave the budget at 4 MB', () => {
    // A larger budget only makes a loop's memory colder when nothing it creates is held long.
    const dist = JSON.stringify(path.join(__dirname, '..', 'dist'));
    const code = `const torch = require(${dist});
      const MB = 1 << 20;
      const data = [];
      for (let i = 0; i < 4; i++) data.push(torch.ones(12 * MB / 4));  // held: promoted
      const x = torch.ones(MB / 4);
      const m0 = torch.memory();
      let y = x;
      for (let i = 0; i < 400; i++) y = x.add(i);
      console.log(JSON.stringify({ minor: torch.memory().minorCollections - m0.minorCollections, last: y.index(0).item(), kept: data.length }));`;
    const r = JSON.parse(execFileSync(process.execPath, ['-e', code]).toString());
    expect(r.last).toBe(400);
    // 400 MB of temporaries: ~100 collections at 4 MB, ~13 at 32 MB.
    expect(r.minor).toBeGreaterThan(80);
  });
});

describe('paced frees', () => {
  test('collected small tensors wait in a bounded queue, freed one per new tensor; collect() frees all', () => {
    torch.collect();
    const tensors0 = torch.memory().tensors;
    const x = torch.ones(10);
    for (let i = 0; i < 20_000; i++) x.add(x);
    const m = torch.memory();
    // Never more than two collection intervals of dead tensors wait.
    expect(m.pendingFree).toBeLessThanOrEqual(2 * 8192);
    expect(m.pendingFree + m.tensors - tensors0).toBeLessThan(20_000);
    torch.collect();
    expect(torch.memory().pendingFree).toBe(0);
  });

  test('a new tensor frees one pending tensor', () => {
    const x = torch.ones(10);
    for (let i = 0; i < 5_000; i++) x.mul(2);
    torch.collect();
    for (let i = 0; i < 5_000; i++) x.mul(2);
    // A minor collection leaves its dead tensors queued; keep creating until one did.
    let before = torch.memory();
    for (let i = 0; i < 100_000 && before.pendingFree < 10; i++) { x.mul(2); before = torch.memory(); }
    expect(before.pendingFree).toBeGreaterThanOrEqual(10);
    const kept = x.mul(3);
    expect(torch.memory().pendingFree).toBe(before.pendingFree - 1);
    expect(kept.tolist()).toEqual(new Array(10).fill(3));
  });

  test('large tensors are freed by the collection itself', () => {
    const big = torch.ones(100_000);
    torch.collect();
    const collections = torch.memory().minorCollections;
    for (let i = 0; i < 100; i++) big.add(big);
    expect(torch.memory().minorCollections).toBeGreaterThan(collections);
    expect(torch.memory().pendingFree).toBe(0);
  });

  test('tensors collected inside a tidy scope are not freed twice when it closes', () => {
    torch.collect();
    const base = torch.memory().tensors;
    const x = torch.ones(4);
    const out = torch.tidy(() => {
      for (let i = 0; i < 30_000; i++) x.add(i);  // unreachable at once: collected while the scope is open
      return x.mul(2);
    });
    torch.collect();
    expect(torch.memory().tensors).toBe(base + 2);  // x and out
    expect(out.tolist()).toEqual([2, 2, 2, 2]);
  });
});

describe('pooled CPU allocator', () => {
  test('blocks are 64-byte aligned and values are exact across size classes and reuse', () => {
    for (const n of [1, 15, 16, 17, 255, 1024, 4095, 16_384, 16_385, 100_000]) {
      for (let round = 0; round < 3; round++) {
        const a = torch.arange(n, { dtype: torch.float64 });
        const b = a.add(a);
        expect(b.data_ptr() % 64).toBe(0);
        expect(b.index(n - 1).item()).toBe(2 * (n - 1));
        expect(b.sum().item()).toBe(n * (n - 1));
        expect(torch.zeros(n).abs().sum().item()).toBe(0);
      }
    }
  });

  test('memory is reused: a long loop of small results does not grow RSS', () => {
    const x = torch.ones(64);
    for (let i = 0; i < 20_000; i++) x.mul(x);
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 200_000; i++) x.mul(x);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(64 * MB);
  });

  test('large blocks are 64-byte aligned and exact in every class, up to and past the 32 MiB limit', () => {
    // Class edges: 64 KiB, an eighth step above it, a power of two, just past one, and beyond the pool.
    for (const bytes of [65_536, 65_540, 73_728, 73_732, 1 << 20, (1 << 20) + 4, 917_504, 32 << 20, (32 << 20) + 4]) {
      const n = bytes / 4;
      for (let round = 0; round < 3; round++) {
        const a = torch.arange(n, { dtype: torch.float32 }).remainder(1000);
        const b = a.add(1);
        expect(b.data_ptr() % 64).toBe(0);
        expect(b.index(n - 1).item()).toBe(((n - 1) % 1000) + 1);
        expect(b.index(0).item()).toBe(1);
        torch.dispose([a, b]);
      }
    }
  });

  test('large blocks are reused while small autograd nodes outlive them: no fresh pages each step', () => {
    // A training step's activations die while its loss, and the small autograd nodes its graph
    // holds, live on until a collection. In glibc's heap those nodes pin the space between the
    // freed activations and every step's activations land on fresh pages; pooled blocks do not.
    const w = torch.ones(8, { requires_grad: true });
    const keep: torch.Tensor[] = [];
    let faults0 = 0;
    for (let i = 0; i < 400; i++) {
      if (i === 100) faults0 = process.resourceUsage().minorPageFault;
      const a = torch.ones(150_000 + (i % 5) * 20_000).mul(2);
      const b = a.add(1);
      keep.push(w.mul(b.narrow(0, 0, 8).clone()));
      if (keep.length > 300) keep.shift();
      torch.dispose([a, b]);
    }
    // ~90 faults a step (glibc alone: ~120) before large blocks were pooled; ~0.5 with them.
    expect((process.resourceUsage().minorPageFault - faults0) / 300).toBeLessThan(16);
  });

  test('TORCHTS_CPU_ALLOCATOR=default keeps LibTorch\'s allocator with the same results', () => {
    const dist = JSON.stringify(path.join(__dirname, '..', 'dist'));
    const code = `const torch = require(${dist}); const a = torch.arange(100); console.log(a.mul(a).sum().item())`;
    const out = execFileSync(process.execPath, ['-e', code], { env: { ...process.env, TORCHTS_CPU_ALLOCATOR: 'default' } });
    expect(out.toString().trim()).toBe('328350');
  });
});

describe('dispose and tidy', () => {
  test('dispose frees now and later use throws a clear error', () => {
    const t = torch.ones(1000);
    const before = torch.memory();
    t.dispose();
    expect(torch.memory().bytes).toBe(before.bytes - 4000);
    expect(t.isDisposed).toBe(true);
    expect(() => t.add(1)).toThrow('Tensor has been disposed');
    expect(() => t.shape).toThrow(TypeError);
    t.dispose(); // twice is harmless
  });

  test('tidy frees what the callback created except its result', () => {
    const x = torch.ones(3);
    let inner!: torch.Tensor;
    const out = torch.tidy(() => {
      inner = x.mul(2);
      return inner.add(1);
    });
    expect(inner.isDisposed).toBe(true);
    expect(out.tolist()).toEqual([3, 3, 3]);
    expect(x.isDisposed).toBe(false);
  });

  test('tidy keeps tensors nested in arrays and objects, and nests', () => {
    const { a, list } = torch.tidy(() => {
      const tmp = torch.zeros(2);
      const kept = torch.tidy(() => [tmp.add(1), tmp.add(2)]);
      return { a: kept[0], list: [kept[1]] };
    });
    expect(a.tolist()).toEqual([1, 1]);
    expect(list[0].tolist()).toEqual([2, 2]);
  });

  test('tidy works across await', async () => {
    let temp!: torch.Tensor;
    const out = await torch.tidy(async () => {
      temp = torch.ones(4);
      await new Promise((r) => setTimeout(r, 5));
      return temp.mul(3);
    });
    expect(temp.isDisposed).toBe(true);
    expect(out.tolist()).toEqual([3, 3, 3, 3]);
  });

  test('tidy disposes on throw', () => {
    let temp!: torch.Tensor;
    expect(() => torch.tidy(() => { temp = torch.ones(2); throw new Error('boom'); })).toThrow('boom');
    expect(temp.isDisposed).toBe(true);
  });

  test('torch.dispose frees containers of tensors', () => {
    const ts = [torch.ones(2), { b: torch.ones(3) }];
    torch.dispose(ts);
    expect(ts[0] instanceof torch.Tensor && ts[0].isDisposed).toBe(true);
  });
});

test('the addon loads in several worker threads at once', async () => {
  const dist = path.join(__dirname, '..', 'dist');
  const code = `
    const { parentPort, workerData } = require('worker_threads');
    const torch = require(${JSON.stringify(dist)});
    torch.manual_seed(workerData);
    let s = 0;
    for (let i = 0; i < 2000; i++) s = torch.ones(100).mul(workerData).sum().item();
    parentPort.postMessage(s);`;
  const run = (k: number) => new Promise<number>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: k });
    w.once('message', resolve);
    w.once('error', reject);
  });
  expect(await Promise.all([run(1), run(2), run(3)])).toEqual([100, 200, 300]);
});
