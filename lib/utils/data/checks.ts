// Argument checks shared by the data utilities, and Python's str()/repr() of values for error
// messages that quote PyTorch's ("but got shuffle=True").
import { z } from 'zod';
import { Generator } from './generator';

/** A zod type whose failure is an `invalid_type` issue (checkArgs reports it as a TypeError). */
export function typed<T>(what: string, test: (v: unknown) => boolean): z.ZodType<T, T> {
  return z.unknown().superRefine((v, ctx) => {
    if (!test(v)) ctx.addIssue({ code: 'invalid_type', expected: what as any, input: v, message: what });
  }) as unknown as z.ZodType<T, T>;
}

/** A `generator` argument: a torchts Generator or null (the global generator). */
export const generatorArg = typed<Generator | null>('a torchts.utils.data.Generator or null', (v) => v === null || v instanceof Generator);

/** `str(value)` as Python prints it: True/False/None, numbers, strings bare, objects by class name. */
export function pyStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'string' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'function') return `<function ${value.name || '<lambda>'}>`;
  return `<${(value as object).constructor?.name ?? 'object'} object>`;
}

/** `repr(value)`: like pyStr, with strings quoted. */
export function pyRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pyStr(value);
}

/** Python's name for a value's type, as in "<class 'NoneType'>". */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'object' || typeof value === 'function') return `<class '${(value as object).constructor?.name ?? 'object'}'>`;
  return `<class '${typeof value}'>`;
}
