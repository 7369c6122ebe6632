// torch.autograd: grad and backward, grad modes, custom Functions, functional, gradcheck, forward_ad.
export { grad, backward, no_grad, enable_grad, set_grad_enabled } from './autograd';
export type { GradOptions } from './autograd';
export { Function, FunctionCtx, once_differentiable } from './autograd_function';
export * as function from './autograd_function';
export * as functional from './autograd_functional';
export * as forward_ad from './forward_ad';
export { gradcheck, gradgradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
