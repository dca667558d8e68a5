import type { Selectable } from 'kysely';
import type { Tx } from '../db';
import type { OutboxTable } from '../db/schema';
import { ARCHIVE_TASK, runArchiveTask } from './archive';
import { fileStore } from './store';

/**
 * Runs a background task the outbox worker claimed (`channel = 'task'`), in its transaction; what it answers goes
 * into the row's payload, so the outgoing-message log shows it.
 */
export async function runOutboxTask(
	tx: Tx,
	row: Selectable<OutboxTable>,
	now: Date
): Promise<Record<string, unknown>> {
	if (row.topic === ARCHIVE_TASK) return runArchiveTask(tx, fileStore(), row, now);
	throw new Error(`No task is called "${row.topic}".`);
}
