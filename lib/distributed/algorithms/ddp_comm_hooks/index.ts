// torch.distributed.algorithms.ddp_comm_hooks
export * as default_hooks from './default_hooks';
