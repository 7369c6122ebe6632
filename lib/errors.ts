// Errors: LibTorch failures become TorchError with PyTorch's message; bad JS options become
// TypeError/RangeError naming the argument, raised before any native call.
import { types } from 'util';
import { z } from 'zod';
import { argumentError } from './python/check';
import { unexpectedKeyword } from './python/binder';

/** A LibTorch error. `pythonType` is the exception class PyTorch raises for it (RuntimeError, IndexError, ...). */
export class TorchError extends Error {
  readonly pythonType: string;
  constructor(message: string, pythonType = 'RuntimeError') {
    super(message);
    this.name = 'TorchError';
    this.pythonType = pythonType;
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: any = root;
  for (const key of path) v = v == null ? undefined : v[key as any];
  return v;
}

const bound = (op: string, limit: unknown, inclusive: boolean | undefined): string => `${op}${inclusive ? '=' : ''} ${String(limit)}`;

/** What an issue says the value should have been, from its fields (schemas' own messages win). */
const expectedOf: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': return issue.expected;
    case 'too_small': return `${issue.origin} ${bound('>', issue.minimum, issue.inclusive)}`;
    case 'too_big': return `${issue.origin} ${bound('<', issue.maximum, issue.inclusive)}`;
    case 'invalid_value': return `one of ${issue.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`;
    default: return undefined;
  }
};

const RANGE_CODES = new Set(['too_small', 'too_big', 'invalid_value', 'custom']);

/**
 * Parses `value` with `schema`; on failure throws one TypeError (wrong type, unknown key) or
 * RangeError (out of range) in the form "fn(): expected <what> for <name> but received <value>".
 */
export function checkArgs<T>(schema: z.ZodType<T>, value: unknown, fn: string): T {
  const result = schema.safeParse(value, { error: expectedOf });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') throw unexpectedKeyword(fn, issue.keys[0]);
  const name = issue.path.length ? issue.path.map(String).join('.') : 'options';
  throw argumentError(fn, name, issue.message, valueAt(value, issue.path as PropertyKey[]), RANGE_CODES.has(issue.code));
}
