// torch.tidy with async callbacks: each scope follows its async context, so overlapping tasks
// free only their own tensors, and nothing is left in a closed scope.
import * as torch from '../lib';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A tensor created outside every scope is owned by the GC: not disposed by any tidy. */
function outsideTensor(): torch.Tensor {
  return torch.ones(2);
}

describe('async tidy scopes', () => {
  test('two overlapping async tidies do not free each other\'s tensors', async () => {
    const A = torch.tidy(async () => { await sleep(10); const a = torch.ones([3]); await sleep(50); return a.add(1).sum().item(); });
    const B = torch.tidy(async () => { await sleep(20); return 1; });
    expect(await Promise.all([A, B])).toEqual([6, 1]);
    const later = outsideTensor();
    torch.tidy(() => torch.zeros(1));
    expect(later.isDisposed).toBe(false);
  });

  test('50 overlapping tasks each keep their tensors until their own scope closes', async () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const created: torch.Tensor[][] = [];
    const tasks = Array.from({ length: 50 }, (_, k) => {
      const mine: torch.Tensor[] = [];
      created.push(mine);
      return torch.tidy(async () => {
        for (let step = 0; step < 4; step++) {
          mine.push(torch.full([2], k + step));
          await sleep(Math.floor(random() * 8));
          for (const [i, t] of mine.entries()) {
            expect(t.isDisposed).toBe(false);
            expect(t.tolist()).toEqual([k + i, k + i]);
          }
        }
        return torch.stack(mine).sum();
      });
    });
    const sums = await Promise.all(tasks);
    sums.forEach((s, k) => expect(s.item()).toBe(2 * (4 * k + 6)));
    for (const mine of created) for (const t of mine) expect(t.isDisposed).toBe(true);
    sums.forEach((s) => expect(s.isDisposed).toBe(false));
  });

  test('an async tidy nested in another returns its result to the outer scope', async () => {
    let innerTemp!: torch.Tensor;
    let kept!: torch.Tensor;
    let outerTemp!: torch.Tensor;
    const out = await torch.tidy(async () => {
      outerTemp = torch.ones(2);
      kept = await torch.tidy(async () => {
        innerTemp = torch.ones(2).mul(5);
        await sleep(3);
        return innerTemp.add(1);
      });
      expect(innerTemp.isDisposed).toBe(true);
      expect(kept.isDisposed).toBe(false);
      await sleep(3);
      return kept.add(outerTemp);
    });
    expect(out.tolist()).toEqual([7, 7]);
    expect(kept.isDisposed).toBe(true);
    expect(outerTemp.isDisposed).toBe(true);
  });

  test('a sync tidy inside an async one and an async tidy inside a sync one', async () => {
    let syncTemp!: torch.Tensor;
    let asyncTemp!: torch.Tensor;
    const fromSync = await torch.tidy(async () => {
      await sleep(2);
      const r = torch.tidy(() => { syncTemp = torch.ones(3); return syncTemp.mul(2); });
      expect(syncTemp.isDisposed).toBe(true);
      await sleep(2);
      expect(r.isDisposed).toBe(false);
      return r.sum();
    });
    expect(fromSync.item()).toBe(6);

    const promise = torch.tidy(() => {
      const base = torch.ones(2);
      return torch.tidy(async () => {
        await sleep(2);
        asyncTemp = base.mul(4);
        await sleep(2);
        return asyncTemp.add(1);
      });
    });
    const out = await promise;
    expect(out.tolist()).toEqual([5, 5]);
    expect(asyncTemp.isDisposed).toBe(true);
  });

  test('Promise.all inside a scope: every branch belongs to the scope', async () => {
    const branches: torch.Tensor[] = [];
    const total = await torch.tidy(async () => {
      const parts = await Promise.all([1, 2, 3].map(async (v) => {
        await sleep(v);
        const t = torch.full([2], v);
        branches.push(t);
        await sleep(4 - v);
        expect(t.isDisposed).toBe(false);
        return t.mul(10);
      }));
      branches.push(...parts);
      return torch.stack(parts).sum();
    });
    expect(total.item()).toBe(120);
    expect(branches).toHaveLength(6);
    for (const t of branches) expect(t.isDisposed).toBe(true);
  });

  test('a timer firing after its scope closed creates tensors no scope frees', async () => {
    let late!: torch.Tensor;
    let fired!: Promise<void>;
    await torch.tidy(async () => {
      await sleep(1);
      fired = new Promise<void>((resolve) => setTimeout(() => { late = torch.ones(3).mul(2); resolve(); }, 20));
    });
    // Another async scope stays open and closes while the late tensor is alive.
    await Promise.all([fired, torch.tidy(async () => { await sleep(40); return 0; })]);
    expect(late.isDisposed).toBe(false);
    expect(late.tolist()).toEqual([2, 2, 2]);
    // It belongs to the GC: once unreachable, a collection frees it.
    const weak = new WeakRef(late);
    late = undefined as unknown as torch.Tensor;
    await sleep(0);
    torch.collect();
    expect(weak.deref()).toBeUndefined();
  });

  test('a rejection inside frees the scope and later code is in no stale scope', async () => {
    let temp!: torch.Tensor;
    const failing = torch.tidy(async () => {
      temp = torch.ones(2);
      await sleep(5);
      throw new Error('boom');
    });
    const other = torch.tidy(async () => { await sleep(10); return torch.ones(2).sum().item(); });
    await expect(failing).rejects.toThrow('boom');
    expect(temp.isDisposed).toBe(true);
    expect(await other).toBe(2);
    // Later code (sync, timer, promise continuation, another async tidy) creates tensors in no scope.
    const now = outsideTensor();
    await sleep(2);
    const afterTimer = outsideTensor();
    await torch.tidy(async () => { await sleep(1); return torch.zeros(1); });
    torch.tidy(() => torch.zeros(1));
    for (const t of [now, afterTimer]) expect(t.isDisposed).toBe(false);
  });

  test('a sync throw inside an async tidy before its first await frees and rethrows', async () => {
    let temp!: torch.Tensor;
    const failing = torch.tidy(async () => { temp = torch.ones(2); throw new RangeError('early'); });
    await expect(failing).rejects.toThrow(RangeError);
    expect(temp.isDisposed).toBe(true);
    const later = outsideTensor();
    torch.tidy(() => 0);
    expect(later.isDisposed).toBe(false);
  });
});
