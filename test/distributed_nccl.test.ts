// torch.distributed's NCCL backend. Which answer a build gives follows from the LibTorch it was
// built on (scripts/find-libtorch.js): a CUDA build with NCCL's header binds ProcessGroupNCCL, any
// other build keeps PyTorch's "not built in" error. The world_size=1 checks on cuda:0 skip
// themselves without a GPU; `scripts/gpu-check` runs this file on a GPU machine.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as torch from '../lib';

const dist = torch.distributed;
const nn = torch.nn;
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { findLibTorch } = require('../scripts/find-libtorch.js') as { findLibTorch(): { nccl: boolean } };
const built = dist.is_available() && findLibTorch().nccl;
const gpu = torch.cuda.is_available();
const withNccl = built ? test : test.skip;
const withoutNccl = built ? test.skip : test;
const onGpu = built && gpu ? test : test.skip;

/** Runs fn in a world of one over a fresh FileStore, then tears the group down. */
function worldOfOne(backend: string, fn: () => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-nccl-'));
  try {
    dist.init_process_group(backend, { init_method: `file://${dir}/store`, rank: 0, world_size: 1, timeout: { seconds: 30 } });
    try {
      fn();
    } finally {
      dist.destroy_process_group();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('is_nccl_available follows the LibTorch the addon was built on', () => {
  expect(dist.is_nccl_available()).toBe(built);
});

withoutNccl('a build without NCCL: init_process_group and new_group raise PyTorch\'s error', () => {
  expect(() => dist.init_process_group('nccl')).toThrow("Distributed package doesn't have NCCL built in");
  expect(dist.is_initialized()).toBe(false);
  worldOfOne('gloo', () => {
    expect(() => dist.new_group([0], { backend: 'nccl' })).toThrow("Distributed package doesn't have NCCL built in");
    expect(dist.get_backend()).toBe('gloo');
  });
});

withNccl('NCCL without a GPU: PyTorch\'s own error, no default group left behind', () => {
  if (gpu) return;  // the GPU case is below
  expect(() => worldOfOne('nccl', () => undefined)).toThrow('ProcessGroupNCCL is only supported with GPUs, no GPUs found!');
  expect(dist.is_initialized()).toBe(false);
  worldOfOne('gloo', () => {
    expect(() => dist.new_group([0], { backend: 'nccl' })).toThrow('ProcessGroupNCCL is only supported with GPUs, no GPUs found!');
  });
});

onGpu('world_size=1 on cuda:0: all_reduce, broadcast, barrier, get_backend, new_group', () => {
  worldOfOne('nccl', () => {
    expect(dist.get_backend()).toBe('nccl');
    const t = torch.tensor([1.5, -2, 3], { device: 'cuda:0' });
    dist.all_reduce(t);
    expect(t.device.toString()).toBe('cuda:0');
    expect(t.cpu().tolist()).toEqual([1.5, -2, 3]);
    dist.all_reduce(t, { op: dist.ReduceOp.MAX });
    expect(t.cpu().tolist()).toEqual([1.5, -2, 3]);
    const b = torch.tensor([7, 8], { device: 'cuda:0' });
    dist.broadcast(b, 0);
    expect(b.cpu().tolist()).toEqual([7, 8]);
    dist.barrier();
    const g = dist.new_group([0]);
    expect(dist.get_backend(g)).toBe('nccl');
    const gathered = [torch.zeros([3], { device: 'cuda:0' })];
    dist.all_gather(gathered, t, { group: g });
    expect(gathered[0].cpu().tolist()).toEqual([1.5, -2, 3]);
    const glooGroup = dist.new_group([0], { backend: 'gloo' });
    expect(dist.get_backend(glooGroup)).toBe('gloo');
  });
});

onGpu('world_size=1 on cuda:0: one DDP step equals the plain step; device_ids follow PyTorch\'s rules', () => {
  worldOfOne('nccl', () => {
    torch.manual_seed(0);
    const plain = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).to('cuda:0');
    const copy = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).to('cuda:0');
    copy.load_state_dict(plain.state_dict());
    expect(() => new nn.parallel.DistributedDataParallel(copy, { device_ids: [0, 1] })).toThrow('device_ids can only be None or contain a single element.');
    const ddp = new nn.parallel.DistributedDataParallel(copy, { device_ids: [0] });
    expect(ddp.device_ids).toEqual([0]);
    const x = torch.randn([5, 4]);  // on the CPU: DDP moves inputs to device_ids[0]
    const y = torch.randn([5, 2], { device: 'cuda:0' });
    const step = (m: torch.nn.Module, input: torch.Tensor): void => {
      const opt = torch.optim.SGD(m.parameters(), { lr: 0.1 });
      opt.zero_grad();
      torch.nn.functional.mse_loss(m(input) as torch.Tensor, y).backward();
      opt.step();
    };
    step(plain, x.to('cuda:0'));
    step(ddp, x);
    const a = plain.state_dict(), d = ddp.module.state_dict();
    for (const k of Object.keys(a)) {
      expect(d[k].device.toString()).toBe('cuda:0');
      expect(torch.allclose(a[k].cpu(), d[k].cpu(), { atol: 1e-6 })).toBe(true);
    }
  });
});
