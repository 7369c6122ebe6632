// Hand-built archives in PyTorch's layout, for files no torch.save would write (damaged headers,
// other devices).
import { ZipWriter } from '../lib/serialization/zip';
import { pickle, PyGlobal, PyPersistent, PyReduce, tuple } from '../lib/serialization/pickle';

/** A zip archive holding `records` (as torch.save lays them out). */
export function archive(records: Record<string, Uint8Array>): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new ZipWriter({ write: (c) => chunks.push(Buffer.from(c)) });
  for (const [name, data] of Object.entries(records)) zip.add(name, [data]);
  zip.finish();
  return Buffer.concat(chunks);
}

export const ORDERED_DICT = new PyReduce(new PyGlobal('collections', 'OrderedDict'), []);
/** The pickle of one tensor record with whatever numbers a damaged header might hold. */
export function tensorPickle(numel: number, size: number[], stride: number[], offset = 0, location = 'cpu'): Buffer {
  const pid = new PyPersistent(tuple(['storage', new PyGlobal('torch', 'FloatStorage'), '0', location, numel]));
  return pickle(new PyReduce(new PyGlobal('torch._utils', '_rebuild_tensor_v2'), [pid, offset, tuple(size), tuple(stride), false, ORDERED_DICT]), { reduce: () => undefined });
}
export const floats = (n: number) => new Uint8Array(new Float32Array(n).fill(1).buffer);

