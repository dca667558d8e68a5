import { sql, type RawBuilder } from 'kysely';
import type { EtaStage } from '../../domain/eta';
import type { StageMeaning } from '../../domain/phase';
import type { WorkingCalendar } from '../../domain/working-days';
import type { DbOrTx } from '../db';
import { calendarFrom } from '../orders/planned-issue';
import { settingsFrom } from '../settings';
import { FINISHING_PHASES } from './samples';

/** Where the history stands: its sequence, and the jobs that finished in the events asked about. */
export interface HistoryProgress {
	lastEventId: number;
	finishedJobIds: number[];
}

/** What the estimates of some jobs read besides the jobs themselves. */
export interface EtaInputs {
	calendar: WorkingCalendar;
	history: HistoryProgress;
	/** The stages of the jobs' workflows, each workflow's in order. */
	stagesOf: Map<number, EtaStage[]>;
	/** The lead time of each of the jobs' products, in working days (null: none set). */
	leadTimes: Map<number, number | null>;
}

interface InputsRow {
	settings: Record<string, unknown>;
	last_event_id: number;
	finished: number[];
	stages: [id: number, workflowId: number, position: number, meaning: StageMeaning][];
	lead_times: [id: number, days: number | null][];
}

const CALENDAR_KEYS = ['working_days', 'closed_dates', 'time_zone'] as const;

/**
 * Everything an estimate reads besides its jobs, in one statement: the calendar's settings, the history's sequence
 * and the jobs finished after `finishedAfter` (none when null), the workflows' stages and the products' lead times.
 * Read once per move to give its card an ETA (twice: the card, the tracking page), so it is one round trip, not
 * six: on a small server the queries' count, not their size, is what the move's fan-out waits for.
 */
export async function readEtaInputs(
	db: DbOrTx,
	jobs: { workflowIds: readonly number[]; productIds: readonly number[] },
	finishedAfter: number | null
): Promise<EtaInputs> {
	const finished =
		finishedAfter === null
			? sql`'[]'::jsonb`
			: sql`(select coalesce(jsonb_agg(distinct job_id), '[]') from job_events
				where id > ${finishedAfter} and to_phase in (${list(FINISHING_PHASES)}))`;
	const { rows } = await sql<InputsRow>`select
		(select coalesce(jsonb_object_agg(key, value), '{}') from settings
			where key in (${list(CALENDAR_KEYS)})) as settings,
		(select coalesce(max(id), 0)::float8 from job_events) as last_event_id,
		${finished} as finished,
		(select coalesce(jsonb_agg(jsonb_build_array(id, workflow_id, position, meaning)
			order by workflow_id, position), '[]') from stages
			where workflow_id in (${list(jobs.workflowIds)})) as stages,
		(select coalesce(jsonb_agg(jsonb_build_array(id, lead_time_days)), '[]') from products
			where id in (${list(jobs.productIds)})) as lead_times`.execute(db);
	const [row] = rows;
	const stagesOf = new Map<number, EtaStage[]>();
	for (const [id, workflowId, position, meaning] of row.stages) {
		const stages = stagesOf.get(workflowId) ?? [];
		stages.push({ id, position, meaning });
		stagesOf.set(workflowId, stages);
	}
	return {
		calendar: calendarFrom(settingsFrom(row.settings)),
		history: { lastEventId: Number(row.last_event_id), finishedJobIds: row.finished },
		stagesOf,
		leadTimes: new Map(row.lead_times)
	};
}

/** `a, b, c` as parameters (an empty list as a null, which `in` matches nothing with). */
function list(values: readonly (number | string)[]): RawBuilder<unknown> {
	return values.length ? sql.join(values.map((value) => sql`${value}`)) : sql`null`;
}
