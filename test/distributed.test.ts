// torch.distributed across real processes: every collective with 2 and 3 ranks on a TCPStore and
// a FileStore, the non-blocking Work future, DistributedDataParallel against one process, and the
// failures (a peer that dies, a timeout, a rank that never joins, mismatched collectives), each an
// error on the surviving ranks within the timeout. Ranks are node processes on 127.0.0.1
// (test/distributed/worker.js, built from dist/).
import * as torch from '../lib';
import { forRelease } from '../lib/release';
import { runRanks, RankOutcome } from './distributed/spawn';

const dist = torch.distributed;

function results(outcomes: RankOutcome[]): any[] {
  outcomes.forEach((o, rank) => {
    if (o.code !== 0) throw new Error(`rank ${rank} exited with ${o.code ?? o.signal}:\n${o.stderr}`);
  });
  return outcomes.map((o) => o.result);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

// The runs are independent: they start together (most of their time is spent starting processes
// and waiting on peers), and each group of tests awaits its own.
const CONFIGS = [[2, 'tcp'], [3, 'tcp'], [2, 'file'], [3, 'file']] as const;
let collectiveRuns: Map<string, Promise<RankOutcome[]>>;
beforeAll(() => {
  collectiveRuns = new Map(CONFIGS.map(([n, store]) => [`${n}${store}`, runRanks('collectives', n, { store })]));
});

describe.each(CONFIGS)('%i ranks, %s store', (n, store) => {
  let out: any[];
  beforeAll(async () => {
    out = results(await collectiveRuns.get(`${n}${store}`)!);
  });

  // Gloo gained AVG after PyTorch 2.6 (in 2.8's development); 1.13 and 2.6 raise its error.
  test('all_reduce with SUM, PRODUCT, MIN, MAX and AVG', () => {
    for (const o of out) {
      expect(o.SUM).toEqual([(n * (n + 1)) / 2, n * (n + 1)]);
      expect(o.PRODUCT).toEqual([factorial(n), 2 ** n * factorial(n)]);
      expect(o.MIN).toEqual([1, 2]);
      expect(o.MAX).toEqual([n, 2 * n]);
      expect(o.AVG).toEqual(forRelease<unknown>([
        ['1.13', { name: 'TorchError', message: 'Cannot use ReduceOp.AVG with Gloo' }],
        ['2.8', [(n + 1) / 2, n + 1]]]));
    }
  });

  test('broadcast, reduce, all_gather, gather, scatter', () => {
    out.forEach((o, r) => {
      expect(o.broadcast).toEqual([n - 1, n - 1, n - 1]);
      if (r === 0) expect(o.reduce).toEqual([(n * (n + 1)) / 2, n * (n + 1)]);
      expect(o.all_gather).toEqual(range(n).map((i) => [i, 10 * i]));
      expect(o.gather).toEqual(r === 0 ? range(n).map((i) => [3 * i]) : null);
      expect(o.scatter).toEqual([100 * r, 100 * r + 1]);
    });
  });

  test('all_gather_into_tensor and reduce_scatter: results where the backend has them, else PyTorch\'s error', () => {
    out.forEach((o, r) => {
      if (o.libtorch.startsWith('1.')) {
        expect(o.all_gather_into_tensor_error.message).toBe('no support for _allgather_base in Gloo process group');
      } else {
        expect(o.all_gather_into_tensor_error).toBeNull();
        expect(o.all_gather_into_tensor).toEqual(range(n).flatMap((i) => [i, 10 * i]));
      }
      // Gloo has no list-form reduce_scatter in 1.13 and 2.6.
      if (o.reduce_scatter !== null) expect(o.reduce_scatter.message).toBe('ProcessGroupGloo does not support reduce_scatter');
      else expect(o.reduce_scatter_value).toEqual([r * n, (n * (n - 1)) / 2]);
    });
  });

  test('send and recv around a ring; recv from any source reports the sender', () => {
    out.forEach((o, r) => {
      const from = (r + n - 1) % n;
      expect(o.recv_from).toBe(from);
      expect(o.ring).toEqual([from, 100 + from]);
    });
    expect(out[0].any_source).toBe(1);
    expect(out[0].any_value).toEqual([42]);
  });

  test('broadcast_object_list and all_gather_object', () => {
    for (const o of out) {
      expect(o.objects).toEqual([{ a: 1, b: 'two' }, [3, 4], null]);
      expect(o.gathered_objects).toEqual(range(n).map((i) => [i, 50 * i]));
    }
  });

  test('new_group: members reduce among themselves, others are outside it', () => {
    out.forEach((o, r) => {
      expect([o.sub_rank, o.sub_size]).toEqual(r < 2 ? [r, 2] : [-1, -1]);
      expect(o.sub_sum).toEqual([3]);
    });
  });

  test('async_op: the Work future resolves to the outputs; wait() returns true', () => {
    for (const o of out) {
      expect(o.async_future).toEqual([[(n * (n - 1)) / 2]]);
      expect(o.async_completed).toBe(true);
      expect(o.async_wait).toBe(true);
    }
  });

  test('rank, world size, backend; destroy_process_group ends it', () => {
    out.forEach((o, r) => {
      expect([o.rank, o.world, o.backend, o.initialized_after]).toEqual([r, n, 'gloo', false]);
    });
  });
});

test('an async collective waiting for a late peer leaves the event loop running', async () => {
  const [early, late] = results(await runRanks('loop_free', 2));
  expect(early.value).toEqual([2, 2, 2, 2]);
  expect(late.value).toEqual([2, 2, 2, 2]);
  // Rank 0 waited ~1 s for rank 1 with a 5 ms timer running (a blocked loop would tick at most once).
  expect(early.ticks).toBeGreaterThan(5);
});

describe('failures end in errors within the timeout', () => {
  const timeoutS = 3;
  // Bounded: the timeout plus slack for a loaded machine (the ranks share its cores with the suite).
  const withinTimeout = (o: any) => expect(o.ms).toBeLessThan(timeoutS * 1000 + 10000);
  const SCENARIOS = ['peer_dies', 'peer_dies_async', 'timeout', 'mismatch', 'mismatch_op'];
  let runs: Map<string, Promise<RankOutcome[]>>;
  beforeAll(() => {
    runs = new Map(SCENARIOS.map((s) => [s, runRanks(s, 2, { timeoutS })]));
    runs.set('never_joins', runRanks('never_joins', 2, { timeoutS: 2, ranks: [0] }));
  });

  test.each(['peer_dies', 'peer_dies_async'])('%s: the survivor gets a TorchError', async (scenario) => {
    const [survivor, dead] = await runs.get(scenario)!;
    expect(dead.code).toBe(7);
    expect(survivor.code).toBe(0);
    expect(survivor.result.error.name).toBe('TorchError');
    expect(survivor.result.error.message).toMatch(/Connection closed by peer|Connection reset|failed to pass monitoredBarrier|Monitored Barrier encountered error|Broken pipe/);
    withinTimeout(survivor.result);
  });

  test('a peer that never calls the collective: a timeout error naming it', async () => {
    const [waiting, idle] = await runs.get('timeout')!;
    expect(idle.code).toBe(0);
    expect(waiting.result.error.message).toMatch(/Rank.? 1 failed to pass monitoredBarrier in 3000 ms|Timed out/);
    expect(waiting.result.ms).toBeGreaterThanOrEqual(timeoutS * 1000 - 100);
    withinTimeout(waiting.result);
  });

  test('a rank that never joins: init_process_group throws', async () => {
    const [alone] = await runs.get('never_joins')!;
    expect(alone.code).toBe(0);
    expect(alone.result.error.name).toBe('TorchError');
    expect(alone.result.error.message).toMatch(/^init_process_group failed (rendezvous at tcp:\/\/127\.0\.0\.1:\d+|connecting rank 0 of 2 to its peers) .*timeout 2000 ms\): /);
    expect(alone.result.ms).toBeLessThan(20000);
  });

  test.each(['mismatch', 'mismatch_op'])('%s: every rank gets an error (no abort), the mismatch named', async (scenario) => {
    const outcomes = await runs.get(scenario)!;
    for (const o of outcomes) {
      expect(o.code).toBe(0);
      // A rank that sees its peer leave after the check failed there reports the failed check.
      expect(o.result.error.message).toMatch(/^Detected mismatch between collectives on ranks|Monitored Barrier encountered error/);
      withinTimeout(o.result);
    }
    expect(outcomes.some((o) => /^Detected mismatch between collectives on ranks/.test(o.result.error.message))).toBe(true);
  });
});

describe('DistributedDataParallel on 2 ranks', () => {
  let out: any[];
  beforeAll(async () => {
    out = results(await runRanks('ddp', 2));
  });

  test('model A with SGD: 20 steps on half batches reach the full-batch weights', () => {
    for (const o of out) {
      expect(o.sgd_vs_full_batch).toBeLessThanOrEqual(1e-5);
      expect(o.sgd_replicas_differ).toBe(0);
      expect(o.state_dict_keys).toEqual(['module.1.weight', 'module.1.bias']);
    }
  });

  test('BatchNorm + AdamW: the same weights as one process on the same shares', () => {
    for (const o of out) expect(o.bn_adamw_vs_reference).toBeLessThanOrEqual(1e-5);
  });

  test('no_sync accumulates locally; the next backward averages the ranks\' sums', () => {
    // Rank r's inputs are (r + 1) * k for k = 1, 2, 3 (3 rows each): d(sum)/dW = 3 * value per pass.
    expect(out[0].no_sync_local).toEqual([[9, 9, 9, 9], [9, 9, 9, 9]]);
    expect(out[1].no_sync_local).toEqual([[18, 18, 18, 18], [18, 18, 18, 18]]);
    const average = ((9 + 9) + (18 + 18)) / 2;
    for (const o of out) expect(o.no_sync_synced).toEqual([[average, average, average, average], [average, average, average, average]]);
  });

  test('find_unused_parameters: a parameter one rank skipped gets the average; without it, PyTorch\'s error', () => {
    for (const o of out) {
      expect(o.unused_a_grad).toEqual([[1, 1, 1]]);
      expect(o.unused_b_grad).toEqual([[1, 1, 1]]);
      expect(o.strict_error).toMatch(/^Expected to have finished reduction in the prior iteration/);
      expect(o.device_ids_error).toMatch(/^DistributedDataParallel device_ids and output_device arguments only work with/);
    }
  });
});

describe('in one process', () => {
  test('is_available; nothing initialized yet', () => {
    expect(dist.is_available()).toBe(true);
    expect(dist.is_initialized()).toBe(false);
    expect(() => dist.get_rank()).toThrow('Default process group has not been initialized, please make sure to call init_process_group.');
  });

  test('a world of one over a FileStore, and argument errors', () => {
    const os = require('os') as typeof import('os');
    const path = require('path') as typeof import('path');
    const fs = require('fs') as typeof import('fs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-dist-'));
    try {
      expect(() => dist.init_process_group('mpi')).toThrow("Distributed package doesn't have MPI built in");
      expect(() => dist.init_process_group('gloo', { init_method: `file://${dir}/s` })).toThrow('Error initializing torch.distributed using file:// rendezvous: rank parameter missing');
      const saved = { ...process.env };
      delete process.env.MASTER_ADDR;
      try {
        expect(() => dist.init_process_group('gloo', { rank: 0, world_size: 1 })).toThrow('Error initializing torch.distributed using env:// rendezvous: environment variable MASTER_ADDR expected, but not set');
      } finally {
        process.env = saved;
      }
      dist.init_process_group('gloo', { init_method: `file://${dir}/store`, rank: 0, world_size: 1, timeout: { seconds: 10 } });
      expect(() => dist.init_process_group('gloo', { init_method: `file://${dir}/store`, rank: 0, world_size: 1 })).toThrow('trying to initialize the default process group twice!');
      const t = torch.tensor([1.5, 2.5]);
      dist.all_reduce(t);
      expect(t.tolist()).toEqual([1.5, 2.5]);
      expect(() => dist.broadcast(t, 1)).toThrow('The global rank 1 is not part of the group');
      expect(() => dist.all_reduce([1, 2] as any)).toThrow(TypeError);
      expect(dist.get_world_size()).toBe(1);
      dist.destroy_process_group();
      expect(dist.is_initialized()).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
