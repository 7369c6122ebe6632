// torch.nn.parallel.
import { callableClass } from '../callable';
import * as distributed from './distributed';

export type { DistributedDataParallelOptions } from './distributed';
export const DistributedDataParallel = callableClass(distributed.DistributedDataParallel);
export type DistributedDataParallel = distributed.DistributedDataParallel;
