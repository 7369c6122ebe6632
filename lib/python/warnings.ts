// Python's warnings.warn, as Node process warnings.

/** warnings.warn(message, category) under an "always" filter: every call shows. */
export function warn(message: string, category = 'UserWarning'): void {
  process.emitWarning(message, category);
}

const shown = new Set<string>();
/** warnings.warn(message, category) under Python's default filter: each message of a category shows once. */
export function warnOnce(message: string, category = 'UserWarning'): void {
  const key = `${category}:${message}`;
  if (shown.has(key)) return;
  shown.add(key);
  process.emitWarning(message, category);
}

/**
 * A warning LibTorch raised (TORCH_WARN), as PyTorch's Python layer turns it into warnings.warn:
 * the message carries its C++ location, so the default filter shows each once; a verbatim one
 * (TorchScript's warnings.warn) goes to warn_explicit without a registry and shows every time.
 */
export function warnFromLibTorch(message: string, category: string, always: boolean): void {
  if (always) warn(message, category);
  else warnOnce(message, category);
}
