// The JSON description of a loaded object that scripts/golden/serialization.py's `describe` makes
// in Python, made here for what torchts loads or saves, so the two sides compare with toEqual.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../lib';
import { native } from '../lib/native';
import { PY_INT_KEYS, PY_ORDERED, isTuple } from '../lib/serialization/pickle';
import { libtorchRelease } from './golden';

/** The Python PyTorch the interop tests run against: the golden pipeline's interpreter. */
export const PYTHON = process.env.TORCHTS_GOLDEN_PYTHON || '/usr/bin/python3';

/** The files Python wrote: test/golden/<release>/serialization/ when this LibTorch release has its own. */
export const FIXTURE_DIR = (() => {
  const own = path.join(__dirname, 'golden', libtorchRelease(), 'serialization');
  return fs.existsSync(own) ? own : path.join(__dirname, 'golden', 'serialization');
})();

/** The raw bytes of t's values in row-major order, base64. */
export function rawBase64(t: torch.Tensor): string {
  const flat = t.detach().reshape(-1).contiguous().clone();
  return Buffer.from(native.storageBytes(flat) as Uint8Array).toString('base64');
}

/** Arrays torch.save writes as tuples wherever they are (PyTorch's optimizers keep these as tuples). */
const TUPLE_KEYS = new Set(['betas', 'etas', 'step_sizes']);

export function summarize(obj: unknown, storages = new Map<unknown, number>(), key = ''): unknown {
  if (obj instanceof torch.Tensor) {
    const [impl, nbytes] = native.storageInfo(obj);
    const key = nbytes > 0 ? impl : Symbol('empty');
    if (!storages.has(key)) storages.set(key, storages.size);
    return {
      tensor: obj.dtype.name, shape: obj.shape, stride: obj.stride(), offset: obj.storage_offset(), storage: storages.get(key),
      data: rawBase64(obj), requires_grad: obj.requires_grad, parameter: (obj as any)._isParameter === true,
    };
  }
  if (obj === null || typeof obj === 'string' || typeof obj === 'boolean') return obj;
  if (typeof obj === 'number') return Number.isFinite(obj) ? obj : { float: Number.isNaN(obj) ? 'nan' : obj > 0 ? 'inf' : '-inf' };
  if (typeof obj === 'bigint') return obj >= -Number.MAX_SAFE_INTEGER && obj <= Number.MAX_SAFE_INTEGER ? Number(obj) : { bigint: obj.toString() };
  if (obj instanceof Uint8Array) return { bytes: Buffer.from(obj).toString('base64') };
  if (Array.isArray(obj)) return isTuple(obj) || TUPLE_KEYS.has(key) ? { tuple: obj.map((v) => summarize(v, storages)) } : { list: obj.map((v) => summarize(v, storages)) };
  if (obj instanceof torch.device) return { device: String(obj) };
  if (obj instanceof torch.dtype) return { dtype: obj.name };
  if (typeof obj === 'object') {
    const o = obj as Record<string | symbol, any>;
    const keys = Object.keys(o);
    const intKeys = o[PY_INT_KEYS] === true || (keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k)));
    return {
      dict: keys.map((k) => [k, summarize(o[k], storages, k)]),
      int_keys: intKeys,
      ordered: o[PY_ORDERED] === true || o._metadata !== undefined,
      metadata: o._metadata !== undefined ? summarize(o._metadata, storages) : null,
    };
  }
  throw new TypeError(`cannot describe ${typeof obj}`);
}

export interface PythonView { value: unknown; weights_only: boolean; weights_only_error?: string }

/** What Python's torch.load finds in each file (one Python process for all of them), and its torch version. */
export function loadInPython(files: string[]): { version: string; files: Record<string, PythonView> } {
  const out = execFileSync(PYTHON, [path.join(__dirname, 'serialization_check.py'), ...files], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out);
}
