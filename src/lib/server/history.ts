import type { Phase } from '../domain/phase';
import type { Reason } from '../domain/reasons';
import type { Actor } from '../domain/scope';
import type { DbOrTx } from './db';
import type { ActorKind } from './db/schema';
import type { FileEventKind } from './files/history-kinds';

export interface JobEventInput {
	jobId: number;
	orderId: number;
	kind:
		| 'created'
		| 'commissioned'
		| 'moved'
		| 'assigned'
		| 'state_changed'
		| 'updated'
		| 'line_added'
		| 'line_removed'
		/** Work at a station from Start to Done (stations/work.ts). */
		| 'worked'
		| FileEventKind;
	at: Date;
	fromStageId?: number | null;
	/** When the job entered `fromStageId` (a move writes it: the stay that ends here starts then). */
	fromStageEnteredAt?: Date | null;
	toStageId?: number | null;
	fromPhase?: Phase | null;
	toPhase?: Phase | null;
	/** A person's words, or a system reason (its catalogue message goes into `data.reasonI18n`). */
	reason?: string | Reason;
	data?: Record<string, unknown>;
}

function actorColumns(actor: Actor): {
	actor_kind: ActorKind;
	actor_id: number | null;
	actor_name: string;
} {
	return {
		actor_kind: actor.kind,
		actor_id: 'id' in actor ? actor.id : null,
		actor_name: actor.name
	};
}

/** A history row's `reason` and `data` columns: a system reason's catalogue message rides in `data.reasonI18n`. */
export function reasonColumns(
	reason: string | Reason | undefined,
	data: Record<string, unknown> = {}
): { reason: string; data: string } {
	if (typeof reason === 'object')
		return { reason: reason.text, data: JSON.stringify({ ...data, reasonI18n: reason.i18n }) };
	return { reason: reason ?? '', data: JSON.stringify(data) };
}

/** The row of one history event. */
export function jobEventRow(actor: Actor, event: JobEventInput) {
	return {
		job_id: event.jobId,
		order_id: event.orderId,
		kind: event.kind,
		at: event.at,
		...actorColumns(actor),
		from_stage_id: event.fromStageId ?? null,
		from_stage_entered_at: event.fromStageEnteredAt ?? null,
		to_stage_id: event.toStageId ?? null,
		from_phase: event.fromPhase ?? null,
		to_phase: event.toPhase ?? null,
		...reasonColumns(event.reason, event.data)
	};
}

/** Appends history rows (never updated, never deleted) in the caller's transaction. */
export async function recordJobEvents(
	db: DbOrTx,
	actor: Actor,
	events: readonly JobEventInput[]
): Promise<void> {
	if (events.length === 0) return;
	await db
		.insertInto('job_events')
		.values(events.map((event) => jobEventRow(actor, event)))
		.execute();
}

export interface HistoryEventView {
	id: number;
	jobId: number;
	at: string;
	kind: string;
	actor: { kind: ActorKind; id: number | null; name: string };
	fromStageId: number | null;
	toStageId: number | null;
	/** The stages' internal names, also of stages removed since (`stage_names`). */
	fromStageName: string | null;
	toStageName: string | null;
	fromPhase: Phase | null;
	toPhase: Phase | null;
	reason: string;
	data: Record<string, unknown>;
}

/** History of the given jobs, oldest first. */
export async function historyOfJobs(
	db: DbOrTx,
	jobIds: readonly number[]
): Promise<HistoryEventView[]> {
	if (jobIds.length === 0) return [];
	const rows = await db
		.selectFrom('job_events')
		.leftJoin('stage_names as from_stage', 'from_stage.id', 'job_events.from_stage_id')
		.leftJoin('stage_names as to_stage', 'to_stage.id', 'job_events.to_stage_id')
		.selectAll('job_events')
		.select([
			'from_stage.internal_name as from_stage_name',
			'to_stage.internal_name as to_stage_name'
		])
		.where('job_events.job_id', 'in', [...jobIds])
		.orderBy('job_events.at')
		.orderBy('job_events.id')
		.execute();
	return rows.map((row) => ({
		id: Number(row.id),
		jobId: row.job_id,
		at: row.at.toISOString(),
		kind: row.kind,
		actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
		fromStageId: row.from_stage_id,
		toStageId: row.to_stage_id,
		fromStageName: row.from_stage_name,
		toStageName: row.to_stage_name,
		fromPhase: row.from_phase,
		toPhase: row.to_phase,
		reason: row.reason,
		data: row.data
	}));
}
