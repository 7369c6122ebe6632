// Python's type names for the JS values a caller may pass, as error messages print them.
import { isOptions } from './options';

/** type(value).__name__: NoneType, int, float, bool, str, list, dict, function, or the class name. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'bigint') return 'int';
  // A callable instance (a Module) is named by its class, a plain function or class is a function.
  if (typeof value === 'function') return typeof Object.getPrototypeOf(value) === 'function' ? 'function' : value.constructor?.name ?? 'function';
  if (Array.isArray(value)) return 'list';
  if (isOptions(value)) return 'dict';
  return (value as object).constructor?.name ?? 'object';
}

/** repr(type(value)): `<class 'int'>`. */
export const classRepr = (value: unknown): string => `<class '${typeName(value)}'>`;
