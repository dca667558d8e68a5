import { z } from 'zod';
import { dayString, MAX_ID } from './validation';

/** Schemas for values in a URL's query string, shared by the list and report filters. */

/** An empty parameter (`?state=`, what a cleared select sends) means "not given". */
export const optionalParam = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** A database id (a positive 32-bit integer). */
export const idParam = z.coerce.number().int().positive().max(MAX_ID);

/** A calendar day, `YYYY-MM-DD`. */
export const dayParam = dayString();

/** A `from`…`to` day range whose start does not come after its end (refuse it with {@link orderedDaysError}). */
export const orderedDays = (range: { from?: string; to?: string }) =>
	!range.from || !range.to || range.from <= range.to;
export const orderedDaysError = { message: 'The start date is after the end date.', path: ['to'] };

/** The URL's query parameters as a plain object for these schemas (the last value of a repeated one wins). */
export const queryObject = (params: URLSearchParams): Record<string, string> =>
	Object.fromEntries(params);
