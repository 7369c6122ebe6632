// Python's named tuples (torch.return_types.max, _IncompatibleKeys, ...): an array, so that it
// destructures like the tuple, that also has each field as a read-only property.

/** `values` with `fields[i]` readable as a property naming `values[i]`; returns `values`. */
export function namedTuple<T extends unknown[]>(values: T, fields: readonly string[]): T {
  fields.forEach((f, i) => Object.defineProperty(values, f, { value: values[i], enumerable: false }));
  return values;
}
