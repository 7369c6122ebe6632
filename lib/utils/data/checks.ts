// Argument checks shared by the data utilities.
import { z } from 'zod';
import { Generator } from './generator';

/** A zod type from a predicate; its failure is an `invalid_type` issue (checkArgs reports it as a TypeError). */
export function zodPredicate<T>(what: string, test: (v: unknown) => boolean): z.ZodType<T, T> {
  return z.unknown().superRefine((v, ctx) => {
    if (!test(v)) ctx.addIssue({ code: 'invalid_type', expected: what as any, input: v, message: what });
  }) as unknown as z.ZodType<T, T>;
}

/** A `generator` argument: a torchts Generator or null (the global generator). */
export const generatorArg = zodPredicate<Generator | null>('a torchts.utils.data.Generator or null', (v) => v === null || v instanceof Generator);
