// Tensor lifetime: plain loops with no dispose calls stay bounded; dispose/tidy free at once.
import { Worker } from 'worker_threads';
import * as path from 'path';
import * as torch from '../lib';

const MB = 1 << 20;

describe('memory without dispose calls', () => {
  test('100k iterations of y = a.add(b) on 100k-element tensors keep RSS bounded', () => {
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
    expect(torch.memory().tensors).toBeLessThan(2_000);
    expect(torch.memory().minorCollections).toBeGreaterThan(100);
  });

  test('small tensors in a loop: the live tensor count stays bounded', () => {
    const x = torch.ones(10);
    let y = x;
    for (let i = 0; i < 200_000; i++) y = x.add(x).mul(0.5);
    expect(y.sum().item()).toBe(10);
    expect(torch.memory().tensors).toBeLessThan(50_000);
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
