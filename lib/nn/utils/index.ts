// torch.nn.utils
export * as fusion from './fusion';
export { fuse_linear_bn_eval, fuse_conv_bn_eval } from './fusion';
