import type { z } from 'zod';
import { VigilError } from '../../core/errors.js';
import { HttpErrors } from '../errors.js';

/** A VALIDATION_FAILED error from a zod failure on fields that did not come through a route schema. */
export function validationError(error: z.ZodError): VigilError {
  const issue = error.issues[0];
  const path = issue ? `/body/${issue.path.join('/')}` : '/body';
  return new VigilError(HttpErrors.VALIDATION_FAILED, `${path}: ${issue?.message ?? 'invalid'}`, { field: issue?.path.join('.') ?? null });
}
