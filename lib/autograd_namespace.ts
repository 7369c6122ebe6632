// torch.autograd: grad and backward, grad modes, custom Functions, functional, gradcheck.
export { grad, backward, no_grad, enable_grad, set_grad_enabled } from './autograd';
export type { GradOptions } from './autograd';
export { Function, FunctionCtx } from './autograd_function';
export * as functional from './autograd_functional';
export { gradcheck, gradgradcheck } from './gradcheck';
