import { z } from 'zod';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { scanChoices, scanCodeFrom, type ScanChoices } from '../../domain/scan-code';
import { canSeeJob, type Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import { scopeFacts } from '../events';
import { loadOrderForCheck } from '../orders/access';
import { dbId } from '../validation';
import { loadJobCards } from './job-cards';
import { jobMoveOptions } from './move-options';
import { moveJob, type MoveResult } from './move';

/** What a scanned ticket shows: the job as the scanner may see it, where it is, and where it may go. */
export interface ScannedJob extends ScanChoices {
	code: string;
	job: JobForViewer;
	stageName: string | null;
	stateName: string;
}

/**
 * The one answer for a code that names no job and for one that names a job the scanner may not see, so a code
 * reveals nothing about jobs beyond the scanner's scope (nor whether it was ever a code).
 */
export const noJobForCode = () => new AppError('not_found', 'No job with this code for you.');

/** The job a scan code names, if the actor may see it; otherwise {@link noJobForCode}. */
async function scannedCard(db: DbOrTx, actor: Actor, text: string) {
	const code = scanCodeFrom(text);
	const [card] = code ? await loadJobCards(db, (q) => q.where('jobs.scan_code', '=', code)) : [];
	if (!code || !card || !canSeeJob(actor, scopeFacts(card))) throw noJobForCode();
	return { code, card };
}

/**
 * A scanned ticket (its full link or bare code): the job, its stage and order state, and the stages the actor
 * may move it to — the ones ahead as one-tap choices, the rest apart — decided by the move rules themselves.
 */
export async function scanJob(db: DbOrTx, actor: Actor, text: string): Promise<ScannedJob> {
	const { code, card } = await scannedCard(db, actor, text);
	const [options, order, cancelling] = await Promise.all([
		jobMoveOptions(db, actor, card.id),
		loadOrderForCheck(db, card.orderId),
		db
			.selectFrom('stages')
			.select('id')
			.where('workflow_id', '=', card.workflowId)
			.where('meaning', '=', 'cancelled')
			.execute()
	]);
	const cancellingIds = new Set(cancelling.map((stage) => stage.id));
	return {
		code,
		job: projectJob(actor, card),
		stageName: options.stages.find((option) => option.current)?.name ?? null,
		stateName: order!.stateName,
		...scanChoices(options.stages, (id) => cancellingIds.has(id))
	};
}

export const scanMoveInput = z.object({
	toStageId: z.coerce.number().pipe(dbId()),
	version: z.coerce.number().int().nonnegative().optional()
});

/** One tap on a scanned ticket: the job the code names (and only it) moved through the move service. */
export async function moveScannedJob(
	db: DbOrTx,
	actor: Actor,
	text: string,
	input: z.input<typeof scanMoveInput>
): Promise<MoveResult> {
	const { toStageId, version } = scanMoveInput.parse(input);
	const { card } = await scannedCard(db, actor, text);
	return moveJob(db, actor, { jobId: card.id, toStageId, version });
}
