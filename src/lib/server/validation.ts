import { z } from 'zod';

/**
 * Input rules every entry point shares. PostgreSQL refuses a NUL character in text (and answers with an error the
 * caller cannot act on), calendar code misbehaves far outside real dates, and numeric columns have a size: each is
 * refused up front as invalid input, so a bad request gets a clear 4xx and nothing is written.
 */

/** The years a date may fall in: wide enough for any real order or report, narrow enough for every calendar. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;
const YEARS_MESSAGE = `Use a date between ${EARLIEST_YEAR} and ${LATEST_YEAR}.`;

const yearOf = (iso: string) => Number(iso.slice(0, 4));
const inYears = (iso: string) => yearOf(iso) >= EARLIEST_YEAR && yearOf(iso) <= LATEST_YEAR;

/** The largest id a column holds (PostgreSQL `integer`): a larger one would fail in the query, not as bad input. */
export const MAX_ID = 2 ** 31 - 1;

/** A database id in a JSON body or message: a positive 32-bit integer. */
export const dbId = (message?: string) => z.number(message).int().positive().max(MAX_ID);

/** A calendar day, `YYYY-MM-DD`, between 1900 and 2200. */
export const dayString = (message = 'Use a date like 2026-11-23.') =>
	z.iso.date(message).refine(inYears, YEARS_MESSAGE);

/** A moment with its offset, ISO 8601 (`2026-11-23T10:00:00Z`), between 1900 and 2200. */
export const instantString = (message?: string) =>
	z.iso.datetime({ offset: true, message }).refine(inYears, YEARS_MESSAGE);

/** The largest amount a money column (`numeric(12, 2)`) holds. */
export const MAX_AMOUNT = 9_999_999_999.99;

/** Whether a text, or any text inside a parsed JSON value or form, holds a NUL character. */
export function containsNul(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\0');
	if (Array.isArray(value)) return value.some(containsNul);
	if (value && typeof value === 'object')
		return Object.entries(value).some(([key, inner]) => key.includes('\0') || containsNul(inner));
	return false;
}

export const NUL_MESSAGE = 'Text may not contain NUL characters.';
