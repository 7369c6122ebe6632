// A worker_threads environment that made marshalled engine calls leaves no thread behind, however it
// ends: its script ends, worker.terminate() stops it inside a JS backward or while the engine runs
// native nodes for it, or it calls process.exit() from inside a JS backward. Runs in a child process (test/fixtures/marshal_workers.js) so
// that the thread count is that of a process doing nothing else.
import { execFile } from 'child_process';
import * as path from 'path';

interface WorkerRun { mode: string; code: number; messages: unknown[] }
interface Report { before: number; after: number; helpersAfter: number; runs: WorkerRun[]; error?: string }

const WORKERS = 20;

function runFixture(): Promise<Report> {
  const script = path.join(__dirname, 'fixtures', 'marshal_workers.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, String(WORKERS)], { timeout: 170_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as Report);
      } catch {
        reject(new Error(`marshal_workers.js: ${error?.message ?? ''} ${stderr}`));
      }
    });
  });
}

test(`${WORKERS} workers that ran marshalled backwards leave the thread count flat`, async () => {
  const report = await runFixture();
  expect(report.error).toBeUndefined();
  expect(report.runs).toHaveLength(WORKERS);
  for (const run of report.runs) {
    // Every worker's first backward ran, through its helper thread, before it ended.
    expect(run.messages[0]).toEqual({ grad: [2, 2, 2], helpers: 1 });
    expect(run.code).toBe({ end: 0, terminate: 1, 'terminate-in-native': 1, 'exit-in-backward': 7 }[run.mode]);
    if (run.mode.startsWith('terminate')) expect(run.messages[1]).toBe('in backward');
  }
  expect(report.helpersAfter).toBe(0);
  expect(report.after).toBe(report.before);
}, 180_000);
