// torch.distributed: LibTorch's c10d (stores, the Gloo process group, collectives) with PyTorch's
// names and argument binding.
export {
  ReduceOp, ProcessGroup, GroupMember, is_available, is_initialized, is_gloo_available, is_nccl_available,
  init_process_group, new_group, destroy_process_group, get_rank, get_world_size, get_backend, get_global_rank,
  all_reduce, broadcast, reduce, all_gather, all_gather_into_tensor, gather, scatter, reduce_scatter, barrier,
  all_to_all, all_to_all_single, gather_object, scatter_object_list,
  send, recv, isend, irecv, broadcast_object_list, all_gather_object,
} from './distributed_c10d';
export type { Group } from './distributed_c10d';
export { Store, TCPStore, FileStore, PrefixStore } from './store';
export type { Timedelta } from './store';
export { Work } from './work';
export * as algorithms from './algorithms';
