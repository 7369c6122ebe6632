// PyTorch's torch.distributed.algorithms.ddp_comm_hooks.default_hooks: the communication hooks
// DistributedDataParallel.register_comm_hook takes. Given to DDP, each runs natively inside its
// reducer (per bucket, as backward produces it); called directly, each reduces one bucket's
// buffer and returns its future (a Promise of the averaged tensor).
import { Tensor } from '../../../tensor';
import { float16 } from '../../../dtype';
import { TorchError } from '../../../errors';
import { all_reduce, GroupMember, ProcessGroup } from '../../distributed_c10d';

/** What a hook receives: DDP's GradBucket (its `buffer()` is the flat gradients) or the buffer itself. */
export type GradBucketLike = Tensor | { buffer(): Tensor };

const bufferOf = (bucket: GradBucketLike): Tensor => (bucket instanceof Tensor ? bucket : bucket.buffer());
const groupOf = (processGroup: ProcessGroup | null): ProcessGroup | null => processGroup ?? GroupMember.WORLD;

/**
 * The all-reduce's future chained through `callback`, as PyTorch's hooks chain a then-callback: a
 * failed reduction is that callback's error, with the message Python's Future gives it.
 */
function allreduceFuture(group: ProcessGroup | null, tensor: Tensor, callback: (reduced: Tensor) => Tensor = (t) => t): Promise<Tensor> {
  return all_reduce(tensor, { group, async_op: true })!.get_future().then((result) => callback(result[0]), (e: unknown) => {
    const type = e instanceof TorchError ? e.pythonType : 'RuntimeError';
    throw new TorchError(`Got the following error when running the callback: ${type}: ${e instanceof Error ? e.message : String(e)}`);
  });
}

/** allreduce_hook(process_group, bucket): the bucket divided by the group's size, then all-reduced (DDP's default). */
export function allreduce_hook(process_group: ProcessGroup | null, bucket: GradBucketLike): Promise<Tensor> {
  const group = groupOf(process_group);
  const buffer = bufferOf(bucket);
  buffer.div_(group === null ? 1 : group.size());
  return allreduceFuture(group, buffer);
}

/** fp16_compress_hook(process_group, bucket): all-reduces the bucket as float16 (divided by the group's size), then copies it back. */
export function fp16_compress_hook(process_group: ProcessGroup | null, bucket: GradBucketLike): Promise<Tensor> {
  const group = groupOf(process_group);
  const buffer = bufferOf(bucket);
  const compressed = buffer.to(float16).div_(group === null ? 1 : group.size());
  return allreduceFuture(group, compressed, (value) => buffer.copy_(value));
}
