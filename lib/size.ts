// torch.Size: shapes are plain number arrays (`x.shape`), and `torch.Size([2, 3])` builds one.
import type { Size as ShapeArray } from './tensor';
import { checkIterable } from './python/check';

export type Size = ShapeArray;
/** `torch.Size([2, 3])` (or `torch.Size()` for a scalar's shape): a copy of the dims as a number array. */
export function Size(dims: Iterable<number> = []): Size {
  checkIterable('torch.Size', 'dims', dims);
  const out = [...dims];
  for (const d of out) if (!Number.isInteger(d)) throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${out.indexOf(d)} is '${typeof d}')`);
  return out;
}
