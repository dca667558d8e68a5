import { sql } from 'kysely';
import type { DbOrTx } from '../db';

export interface OutboxBacklog {
	/** Messages not yet delivered, including those held for an undo window or waiting for a retry. */
	pending: number;
	/** Those due for delivery now. */
	due: number;
	/** How long the oldest due message has waited past its due time, in seconds (0 when none is due). */
	oldestDueAgeSeconds: number;
}

/** The outbox as the metrics show it: a growing backlog or age means deliveries are stuck. One indexed read. */
export async function outboxBacklog(db: DbOrTx, now = new Date()): Promise<OutboxBacklog> {
	const row = await db
		.selectFrom('outbox')
		.where('status', '=', 'pending')
		.select([
			sql<number>`count(*)::int`.as('pending'),
			sql<number>`(count(*) filter (where next_attempt_at <= ${now}))::int`.as('due'),
			sql<Date | null>`min(next_attempt_at) filter (where next_attempt_at <= ${now})`.as(
				'oldest_due'
			)
		])
		.executeTakeFirstOrThrow();
	const oldest = row.oldest_due ? new Date(row.oldest_due).getTime() : null;
	return {
		pending: row.pending,
		due: row.due,
		oldestDueAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000)
	};
}
