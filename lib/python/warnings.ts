// Python's warnings.warn, as Node process warnings.

/** warnings.warn(message, category) under an "always" filter: every call shows. */
export function warn(message: string, category = 'UserWarning'): void {
  process.emitWarning(message, category);
}

const shown = new Set<string>();
/** warnings.warn(message, category) under Python's default filter: each message shows once. */
export function warnOnce(message: string, category = 'UserWarning'): void {
  if (shown.has(message)) return;
  shown.add(message);
  process.emitWarning(message, category);
}
