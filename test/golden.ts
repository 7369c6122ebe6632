// The golden fixtures (test/golden/<name>.json, written by scripts/golden/ with PyTorch: `npm run
// golden`), decoded from scripts/golden/encode.py's encoding in one place: {"$f": "nan"|"inf"|"-inf"}
// -> number, {"$int": "..."} -> bigint, {"$dtype": name} -> torch.dtype, and float32 tensor values
// (written as their shortest decimal) rounded back to float32.
import * as fs from 'fs';
import * as path from 'path';
import * as torch from '../lib';

export type GoldenValue = number | boolean | bigint;
/** A tensor record: flat row-major values. */
export interface GoldenTensor { dtype: string; shape: number[]; values: GoldenValue[]; requires_grad?: boolean }
/** An exception PyTorch raised: its class name and the first line of its message. */
export interface GoldenError { type: string; message: string }

/** The LibTorch release the suite runs on, as "major.minor" (e.g. "1.13"): the key fixtures are chosen by. */
export function libtorchRelease(): string {
  return torch.__libtorch_version__.split('.').slice(0, 2).join('.');
}

/** "major.minor" as a number pair, for ordering releases. */
function releaseKey(release: string): [number, number] {
  const [major, minor] = release.split('.').map(Number);
  return [major, minor];
}

/** Releases with their own fixtures (test/golden/<major.minor>/), newest first. */
const fixtureReleases: string[] = fs.readdirSync(path.join(__dirname, 'golden'))
  .filter((d) => /^\d+\.\d+$/.test(d))
  .sort((a, b) => { const [x, y] = [releaseKey(a), releaseKey(b)]; return y[0] - x[0] || y[1] - x[1]; });

/**
 * Where fixture `name` is read from. The fixtures of a release (test/golden/<major.minor>/, written
 * by that release's PyTorch) hold those whose values differ from test/golden/'s (PyTorch 1.13): the
 * running LibTorch reads the folder of the newest release not newer than itself (a later release
 * without fixtures follows the nearest earlier one), and test/golden/<name>.json where that folder
 * has no such file.
 */
export function fixturePath(name: string): string {
  const [major, minor] = releaseKey(libtorchRelease());
  const release = fixtureReleases.find((r) => {
    const [m, n] = releaseKey(r);
    return m < major || (m === major && n <= minor);
  });
  const own = release === undefined ? undefined : path.join(__dirname, 'golden', release, `${name}.json`);
  return own !== undefined && fs.existsSync(own) ? own : path.join(__dirname, 'golden', `${name}.json`);
}

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };

export function dtypeOf(name: string): torch.dtype {
  const d = (torch as any)[name];
  if (!(d instanceof torch.dtype)) throw new Error(`unknown dtype ${name}`);
  return d;
}

function revive(_key: string, v: any): any {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  if ('$f' in v) return SPECIAL[v.$f];
  if ('$int' in v) return BigInt(v.$int);
  if ('$dtype' in v) return dtypeOf(v.$dtype);
  if (v.dtype === 'float32' && Array.isArray(v.values) && Array.isArray(v.shape)) v.values = v.values.map(Math.fround);
  return v;
}

const cache = new Map<string, unknown>();

/** The decoded fixture `name` (see fixturePath); parsed once per test file. */
export function loadGolden<T = any>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(fs.readFileSync(fixturePath(name), 'utf8'), revive));
  return cache.get(name) as T;
}

/** A fixture tensor as a torchts tensor (a fresh tensor of the record's dtype and shape). */
export function makeTensor(g: GoldenTensor): torch.Tensor {
  const flat = torch.tensor(g.values as number[], { dtype: dtypeOf(g.dtype) });
  return g.shape.length === 1 ? flat : flat.reshape(g.shape).clone();
}
