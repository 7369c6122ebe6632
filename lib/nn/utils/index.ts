// torch.nn.utils
export * as fusion from './fusion';
export { fuse_linear_bn_eval, fuse_conv_bn_eval } from './fusion';
export { clip_grad_norm_, clip_grad_value_ } from './clip_grad';
export type { TensorOrTensors, ClipGradNormOptions } from './clip_grad';
export { parameters_to_vector, vector_to_parameters } from './convert';
export * as prune from './prune';
export * as rnn from './rnn';
export { PackedSequence } from './rnn';
export * as parametrize from './parametrize';
export * as parametrizations from './parametrizations';
export { weight_norm, remove_weight_norm, spectral_norm, remove_spectral_norm } from './norm_hooks';
