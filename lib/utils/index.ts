// torch.utils: `torch.utils.data` (datasets, samplers, DataLoader), swap_tensors.
export * as data from './data';
export { swap_tensors } from '../tensor_swap';
