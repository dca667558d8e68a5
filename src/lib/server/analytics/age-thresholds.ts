import { sql } from 'kysely';
import type { DbOrTx } from '../db';
import { ageThresholds, type AgeThresholds } from '../../domain/flow';
import { stageStayDurations } from './stage-stays';

/** How far back a stage's norm looks: recent enough to follow a changed process, long enough to be stable. */
export const THRESHOLD_HISTORY_DAYS = 60;
/** How long a computed set of thresholds is reused: a norm over 60 days barely moves in ten minutes. */
export const THRESHOLD_TTL_MS = 10 * 60 * 1000;

const cache = new WeakMap<
	object,
	{ at: number; thresholds: Promise<Map<number, AgeThresholds>> }
>();

/**
 * Each stage's age thresholds (warm past its median time-in-stage, hot past its 80th percentile, over the last
 * 60 days of the whole shop; stages with thin history get the fixed fallback), shared by the bottleneck view and
 * the board's card badges. Reading a few hundred thousand history rows per request would cost more than the view
 * itself, so the result is kept per database for ten minutes.
 */
export function stageAgeThresholds(
	db: DbOrTx,
	now = Date.now()
): Promise<Map<number, AgeThresholds>> {
	const cached = cache.get(db);
	if (cached && now - cached.at < THRESHOLD_TTL_MS) return cached.thresholds;
	const thresholds = stageStayDurations(db, {
		start: new Date(now - THRESHOLD_HISTORY_DAYS * 24 * 3_600_000),
		end: new Date(now),
		jobs: sql<boolean>`true`
	}).then((stays) => new Map(stays.map((stay) => [stay.stageId, ageThresholds(stay)])));
	cache.set(db, { at: now, thresholds });
	// A failed read is not kept: the next request tries again.
	thresholds.catch(() => cache.delete(db));
	return thresholds;
}

/** Forgets the kept thresholds (after a bulk import of history, and in tests). */
export function forgetAgeThresholds(db: DbOrTx): void {
	cache.delete(db);
}
