// A job's worker thread: sets the intra-op thread count, loads the training module, runs its
// function with a JobContext and reports how it ended. Every error thrown by the function (a
// TorchError, an out-of-memory error, a bad input) ends the job as failed, not the process.
import { parentPort, workerData } from 'worker_threads';
import { set_num_threads, get_num_threads } from '../index';
import { JobCancelled, JobContext } from './context';
import { serializeError, type WorkerSetup } from './protocol';

type TrainingFunction = (ctx: JobContext, args: unknown) => unknown;

function trainingFunction(setup: WorkerSetup): TrainingFunction {
  const mod = require(setup.module);
  const fn = mod?.[setup.export_name] ?? (setup.export_name === 'default' && typeof mod === 'function' ? mod : undefined);
  if (typeof fn !== 'function') throw new TypeError(`${setup.module} exports no function '${setup.export_name}'`);
  return fn;
}

/**
 * Sets this thread's intra-op thread count for good. ATen keeps one process-wide count that each
 * thread adopts on its first parallel call (get_num_threads included), so a count set by another
 * job in between would replace ours: adopt now, then set ours again.
 */
function pinThreads(n: number): void {
  set_num_threads(n);
  get_num_threads();
  set_num_threads(n);
}

async function run(setup: WorkerSetup): Promise<void> {
  const port = parentPort!;
  pinThreads(setup.num_threads);
  const ctx = new JobContext(setup, port);
  try {
    const fn = trainingFunction(setup);
    port.postMessage({ type: 'started', num_threads: get_num_threads() });
    const result = await fn(ctx, setup.args);
    ctx.serveWeights();
    const bytes = ctx.weights();
    port.postMessage({ type: 'weights', bytes, served: -1 }, bytes ? [bytes.buffer as ArrayBuffer] : []);
    port.postMessage({ type: 'done', result, progress: ctx.progress() });
  } catch (e) {
    if (e instanceof JobCancelled) {
      const bytes = ctx.weights();
      port.postMessage({ type: 'weights', bytes, served: -1 }, bytes ? [bytes.buffer as ArrayBuffer] : []);
      port.postMessage({ type: 'cancelled', progress: ctx.progress() });
    } else {
      port.postMessage({ type: 'failed', error: serializeError(e), progress: ctx.progress() });
    }
  }
}

void run((workerData as { setup: WorkerSetup }).setup);
