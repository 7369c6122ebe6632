// Spawns the ranks of a multi-process test (test/distributed/worker.js, one node process per rank,
// on 127.0.0.1) and collects each rank's exit code, result and stderr. Every run is bounded: a
// rank still alive after `deadlineS` is killed.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface RankOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  result: any;
  stderr: string;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunOptions {
  store?: 'tcp' | 'file';
  /** The process group's timeout (seconds). */
  timeoutS?: number;
  /** The ranks to start (default: all of them). */
  ranks?: number[];
  deadlineS?: number;
  /** The rank program in test/distributed/ (default worker.js). */
  script?: string;
}

function runRank(script: string, args: string[], env: NodeJS.ProcessEnv, deadlineS: number): Promise<RankOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), deadlineS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ code, signal, result: line ? JSON.parse(line.slice(7)) : undefined, stderr });
    });
  });
}

/** Runs `scenario` of worker.js on `world` ranks; resolves with the outcome of each started rank. */
export async function runRanks(scenario: string, world: number, options: RunOptions = {}): Promise<RankOutcome[]> {
  const { store = 'tcp', timeoutS = 20, deadlineS = 90 } = options;
  let initMethod: string;
  let file: string | null = null;
  if (store === 'tcp') {
    initMethod = `tcp://127.0.0.1:${await freePort()}`;
  } else {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-dist-')), 'store');
    initMethod = `file://${file}`;
  }
  const ranks = options.ranks ?? Array.from({ length: world }, (_, i) => i);
  const script = path.join(__dirname, options.script ?? 'worker.js');
  try {
    return await Promise.all(ranks.map((rank) =>
      runRank(script, [scenario], { RANK: String(rank), WORLD_SIZE: String(world), INIT_METHOD: initMethod, TIMEOUT_S: String(timeoutS) }, deadlineS)));
  } finally {
    if (file !== null) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
