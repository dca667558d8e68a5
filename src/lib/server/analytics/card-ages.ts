import { jobScope, type Viewer } from '../../domain/scope';
import type { StageView } from '../../contract/views';
import type { DbOrTx } from '../db';
import { FALLBACK_THRESHOLDS } from '../../domain/flow';
import { stageAgeThresholds } from './age-thresholds';

/**
 * A board's stages with the age thresholds of the bottleneck view, so a card's badge turns warm and hot by its
 * stage's own norm. Contractors get no analytics, so their boards keep the fixed days (no thresholds sent).
 */
export async function withAgeThresholds(
	db: DbOrTx,
	viewer: Viewer,
	stages: StageView[]
): Promise<StageView[]> {
	if (jobScope(viewer).contractorId !== undefined) return stages;
	const thresholds = await stageAgeThresholds(db);
	return stages.map((stage) => ({
		...stage,
		ageThresholds: thresholds.get(stage.id) ?? FALLBACK_THRESHOLDS
	}));
}
