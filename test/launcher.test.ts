// torchts-run (bin/torchts-run.js): the ranks' environment, env:// rendezvous through it, a failing
// rank stopping the job with its exit code, signals passed on to the ranks.
import { spawn } from 'child_process';
import * as path from 'path';

const launcher = path.join(__dirname, '..', 'bin', 'torchts-run.js');
const script = path.join(__dirname, 'distributed', 'launched.js');

interface Run { code: number | null; stdout: string; stderr: string; ms: number }

function launch(args: string[], onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [launcher, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 60000);
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

const results = (stdout: string): any[] =>
  stdout.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));

test('each rank gets torchrun\'s variables and the script arguments', async () => {
  const run = await launch(['--nproc-per-node', '3', '--nnodes=2', '--node_rank', '1', '--master-addr', '127.0.0.1', '--master-port', '29999', script, 'env', '--lr', '0.1']);
  expect(run.code).toBe(0);
  const envs = results(run.stdout).sort((a, b) => Number(a.env.RANK) - Number(b.env.RANK));
  expect(envs.map((r) => r.env)).toEqual([0, 1, 2].map((local) => ({
    RANK: String(3 + local), LOCAL_RANK: String(local), WORLD_SIZE: '6', LOCAL_WORLD_SIZE: '3',
    MASTER_ADDR: '127.0.0.1', MASTER_PORT: '29999', GROUP_RANK: '1',
  })));
  for (const r of envs) expect(r.args).toEqual(['--lr', '0.1']);
});

test('one node: a free port, and init_process_group\'s env:// rendezvous works', async () => {
  const run = await launch(['--nproc-per-node', '2', script, 'all_reduce']);
  expect(run.code).toBe(0);
  expect(results(run.stdout).sort((a, b) => a.rank - b.rank)).toEqual([{ rank: 0, sum: 3, world: 2 }, { rank: 1, sum: 3, world: 2 }]);
});

test('a failing rank stops the others; the launcher exits with its code', async () => {
  const run = await launch(['--nproc-per-node', '2', script, 'fail']);
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('torchts-run: rank 1 (local rank 1) exited with code 3; stopping the other ranks');
  expect(run.ms).toBeLessThan(30000);  // rank 0 alone would have run 60 s
});

test('SIGTERM reaches every rank; the launcher exits non-zero', async () => {
  let sent = false;
  const run = await launch(['--nproc-per-node', '2', script, 'signal'], (out, kill) => {
    if (!sent && out.includes('READY 0') && out.includes('READY 1')) {
      sent = true;
      kill('SIGTERM');
    }
  });
  expect(run.stdout).toContain('GOT SIGTERM 0');
  expect(run.stdout).toContain('GOT SIGTERM 1');
  expect(run.code).toBe(143);
});

test('bad options are usage errors', async () => {
  const run = await launch(['--nproc-per-node', 'two', script]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("torchts-run: --nproc-per-node expects a non-negative integer, got 'two'");
  const none = await launch(['--nnodes', '2', '--node-rank', '2', script]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('torchts-run: --node-rank 2 is not below --nnodes 2');
});
