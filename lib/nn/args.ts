// Typing helpers for modules' optional parameters and buffers.

/** `null` typed as T: optional parameters and buffers (bias=False) are typed non-null, like Tensor.grad. */
export const none = <T>(): T => null as unknown as T;
