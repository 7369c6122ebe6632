// Checkpoint files of a training job: `checkpoint-<step>.pt` in one directory, each written to a
// temporary file, flushed to disk and renamed into place (writeAtomically, durable), so a reader
// (or a run resumed after a kill -9 or a power cut) only ever sees complete files. The last
// `keep` are kept.
import * as fs from 'fs';
import * as path from 'path';
import { save } from '../serialization';
import { writeAtomically } from '../serialization/sink';

const NAME = /^checkpoint-(\d+)\.pt$/;
/** What writeAtomically names its temporary files. */
const TEMP = /^\.checkpoint-\d+\.pt\.\d+\.[0-9a-f]+\.tmp$/;

/** The file name of the checkpoint at `step`: zero-padded so names sort by step. */
export function checkpoint_name(step: number): string {
  return `checkpoint-${String(step).padStart(9, '0')}.pt`;
}

/** Complete checkpoints in `dir`, oldest first (none when the directory does not exist). */
export function list_checkpoints(dir: string): { path: string; step: number }[] {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []; throw e; }
  return names.flatMap((n) => { const m = NAME.exec(n); return m ? [{ path: path.join(dir, n), step: Number(m[1]) }] : []; })
    .sort((a, b) => a.step - b.step);
}

/** The newest complete checkpoint in `dir`, or null. */
export function latest_checkpoint(dir: string): string | null {
  const all = list_checkpoints(dir);
  return all.length ? all[all.length - 1].path : null;
}

/** Removes temporary files a killed writer left behind (they were never renamed into place). */
export function remove_stale_temps(dir: string): void {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const n of names) if (TEMP.test(n)) fs.rmSync(path.join(dir, n), { force: true });
}

/** torch.save(obj) as the checkpoint of `step`, atomically and durably; then prunes to the last `keep`. */
export function write_checkpoint(dir: string, step: number, obj: unknown, keep: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, checkpoint_name(step));
  writeAtomically(file, (_sink, fd) => save(obj, fd), true);
  const all = list_checkpoints(dir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(old.path, { force: true });
  return file;
}
