// torch.nn._reduction: a loss's reduction as ATen's enum, and the deprecated size_average/reduce flags.
import { TorchError } from '../errors';
import { warnOnce } from '../python/warnings';

/** torch.nn._reduction.get_enum. */
export function reductionEnum(r: string): number {
  switch (r) {
    case 'none': return 0;
    case 'mean': return 1;
    case 'elementwise_mean':
      warnOnce("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
      return 1;
    case 'sum': return 2;
    default: throw new TorchError(`${r} is not a valid value for reduction`, 'ValueError');
  }
}

/** torch.nn._reduction.legacy_get_string: the reduction the deprecated size_average/reduce flags mean. */
export function legacyReduction(size_average: boolean | null, reduce: boolean | null): string {
  const sa = size_average ?? true, re = reduce ?? true;
  const r = sa && re ? 'mean' : re ? 'sum' : 'none';
  warnOnce(`size_average and reduce args will be deprecated, please use reduction='${r}' instead.`);
  return r;
}
