// Getting dataset files into `root` (torchvision's datasets/utils.py, offline first): a file
// already in the raw folder is used as is; otherwise it is copied from a local mirror (Debian's
// dataset packages put them under /usr/share/datasets), and only then downloaded.
import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import { gunzipSync } from 'zlib';
import { TorchError } from '../../errors';

/** One file of a dataset: its name as published (gzipped) and the published MD5. */
export interface Resource { filename: string; md5: string }

export interface ResourceSource {
  /** Where the files must end up (torchvision's `root/<ClassName>/raw`). */
  rawFolder: string;
  resources: Resource[];
  /** Local directories that may hold the published files (gzipped or not). */
  localDirs: string[];
  /** URL prefixes, tried in order. */
  mirrors: string[];
  /** What to tell the user when nothing works (e.g. which package to install). */
  hint: string;
}

/** The name a gzipped resource has once extracted (`train-images-idx3-ubyte.gz` -> `train-images-idx3-ubyte`). */
export const extractedName = (filename: string) => filename.replace(/\.gz$/, '');

/** The path of `name` in `dir`, extracted or gzipped, if either exists. */
export function findFile(dir: string, name: string): string | null {
  for (const candidate of [path.join(dir, name), path.join(dir, `${name}.gz`)]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch { /* not there */ }
  }
  return null;
}

/** Writes `src` (gzipped or not) extracted into `dest`, through a temporary file so a crash leaves no half file. */
function extractTo(src: string, dest: string): void {
  const raw = fs.readFileSync(src);
  const data = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const tmp = `${dest}.part-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, dest);
}

const md5Of = (file: string) => createHash('md5').update(fs.readFileSync(file)).digest('hex');

// Downloads run in a child Node process so the dataset constructor can stay synchronous, as in Python.
const DOWNLOAD_SCRIPT = `
const [url, dest] = process.argv.slice(1);
fetch(url, { headers: { 'User-Agent': 'torchts' } })
  .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + r.statusText); return r.arrayBuffer(); })
  .then((b) => require('fs').writeFileSync(dest, Buffer.from(b)))
  .catch((e) => { process.stderr.write(String((e.cause && (e.cause.code || e.cause.message)) || e.message)); process.exit(1); });
`;

function download(url: string, dest: string): void {
  try {
    execFileSync(process.execPath, ['-e', DOWNLOAD_SCRIPT, url, dest], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(err.stderr?.toString().trim() || err.message.split('\n')[0]);
  }
}

/**
 * Makes every resource present (extracted) in `rawFolder`: kept if there, else copied from the
 * first local directory holding it, else downloaded (MD5-checked) from the first mirror that
 * answers. Throws one TorchError naming every place tried and how to fix it.
 */
export function ensureResources(src: ResourceSource): void {
  const missing = src.resources.filter((r) => findFile(src.rawFolder, extractedName(r.filename)) === null);
  if (missing.length === 0) return;
  fs.mkdirSync(src.rawFolder, { recursive: true });
  const failures: string[] = [];
  for (const r of missing) {
    const name = extractedName(r.filename);
    const dest = path.join(src.rawFolder, name);
    const local = src.localDirs.map((d) => findFile(d, name)).find((f) => f !== null);
    if (local) {
      extractTo(local, dest);
      continue;
    }
    let done = false;
    const tried: string[] = [];
    for (const mirror of src.mirrors) {
      const url = `${mirror}${r.filename}`;
      const gz = path.join(src.rawFolder, r.filename);
      try {
        download(url, gz);
        const sum = md5Of(gz);
        if (sum !== r.md5) throw new Error(`MD5 mismatch (got ${sum}, expected ${r.md5})`);
        extractTo(gz, dest);
        done = true;
        break;
      } catch (e) {
        fs.rmSync(gz, { force: true });
        tried.push(`${url}: ${(e as Error).message}`);
      }
    }
    if (!done) failures.push(`${r.filename}: not in ${src.localDirs.length ? src.localDirs.join(', ') : '(no local mirror)'}; download failed (${tried.join('; ')})`);
  }
  if (failures.length) {
    throw new TorchError(
      `Could not get the dataset files into ${src.rawFolder}:\n  ${failures.join('\n  ')}\n` +
      `${src.hint}\nOr put ${src.resources.map((r) => r.filename).join(', ')} (gzipped or extracted) into ${src.rawFolder}.`,
      'RuntimeError',
    );
  }
}
