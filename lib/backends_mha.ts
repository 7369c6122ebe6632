// torch.backends.mha (PyTorch 2.3): the switch for the fused inference kernels of
// MultiheadAttention and the Transformer encoder (lib/nn/transformer_fastpath.ts).

let fastpathEnabled = true;

export const mha = {
  /** Whether MultiheadAttention and the Transformer encoder may take their fast path (true unless switched off). */
  get_fastpath_enabled: (): boolean => fastpathEnabled,
  /** Switches the fast path on or off. */
  set_fastpath_enabled: (value: boolean): void => { fastpathEnabled = Boolean(value); },
};
