// nn.SyncBatchNorm across 2 and 3 real processes (test/distributed/collectives_more.js, scenario
// syncbn): each rank's share of a batch through a model with SyncBatchNorm layers equals BatchNorm
// in one process on the whole batch, in outputs, input and parameter gradients and running
// statistics, also with a subgroup, an empty share and under DistributedDataParallel. LibTorch 1.13
// takes CUDA input only, with PyTorch 1.13's error.
import { runRanks, RankOutcome } from './distributed/spawn';
import { libtorchRelease } from './golden';

function results(outcomes: RankOutcome[]): any[] {
  outcomes.forEach((o, rank) => {
    if (o.code !== 0) throw new Error(`rank ${rank} exited with ${o.code ?? o.signal}:\n${o.stderr}`);
  });
  return outcomes.map((o) => o.result);
}
const pytorch113 = libtorchRelease() === '1.13';

describe.each([2, 3])('%i ranks', (n) => {
  let out: any[];
  beforeAll(async () => {
    out = results(await runRanks('syncbn', n, { script: 'collectives_more.js' }));
  });

  (pytorch113 ? test : test.skip)('LibTorch 1.13: CPU input is PyTorch 1.13\'s error', () => {
    for (const o of out) expect(o.cpu_error).toEqual({ name: 'TorchError', type: 'ValueError', message: 'SyncBatchNorm expected input tensor to be on GPU' });
  });

  (pytorch113 ? test.skip : test)('each rank\'s rows equal one process on the whole batch (two training steps, then eval)', () => {
    for (const o of out) {
      expect(o.cpu_error).toBeNull();
      expect(o.kinds).toEqual(['Sequential', 'Conv2d', 'SyncBatchNorm', 'ReLU', 'Flatten', 'Linear', 'SyncBatchNorm']);
      expect(o.diffs.output).toBeLessThan(2e-6);
      expect(o.diffs.input_grad).toBeLessThan(2e-6);
      expect(o.diffs.running).toBeLessThan(1e-6);
      expect(o.diffs.param_grad).toBeLessThan(1e-5);
      expect(o.diffs.num_batches_tracked).toBe(0);
      expect(o.eval_diff).toBeLessThan(1e-6);
    }
  });

  (pytorch113 ? test.skip : test)('a subgroup, an empty share, DistributedDataParallel; a bad process_group', () => {
    out.forEach((o, r) => {
      expect(o.subgroup_diff).toBeLessThan(2e-6);
      expect(o.empty_shape).toEqual([r === n - 1 ? 0 : r + 2, 4]);
      if (r !== n - 1) expect(o.empty_diff).toBeLessThan(2e-6);
      expect(o.ddp_grad_diff).toBeLessThan(1e-5);
      expect(o.arg_error).toEqual({ name: 'TypeError', message: "SyncBatchNorm.__init__(): expected a ProcessGroup or null for process_group but received 'world' of type string" });
    });
  });
});

(pytorch113 ? test.skip : test)('a rank that dies between forward and backward: the survivor\'s backward throws within the timeout', async () => {
  const timeoutS = 3;
  const [survivor, dead] = await runRanks('syncbn_peer_dies', 2, { script: 'collectives_more.js', timeoutS });
  expect(dead.code).toBe(7);
  expect(survivor.code).toBe(0);
  expect(survivor.result.error.name).toBe('TorchError');
  expect(survivor.result.error.message).toMatch(/Connection closed by peer|Connection reset|failed to pass monitoredBarrier|Monitored Barrier encountered error|Broken pipe/);
  expect(survivor.result.ms).toBeLessThan(timeoutS * 1000 + 10000);
});
