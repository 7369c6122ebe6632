// torch.distributed.algorithms
export * as ddp_comm_hooks from './ddp_comm_hooks';
