import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Actor, Viewer } from '../../domain/scope';
import { canSeeJob } from '../../domain/scope';
import type { DbOrTx, Tx } from '../db';
import { notFound } from '../errors';
import { enqueueMessages } from '../outbox/enqueue';
import type { OutboxRow } from '../outbox/deliveries';
import { orderJobFacts, visibleOrder } from '../orders/access';
import { getSetting } from '../settings';
import { printFilesNotices } from './notices';
import { packCheckpoint } from './pack-checkpoint';
import type { FileStore } from './storage';
import type { FileDownload } from './service';

/** The outbox topic of the task that packs an order's print files. */
export const ARCHIVE_TASK = 'print_archive';

/** Types already compressed: stored in the ZIP as they are (deflating them again costs time and saves nothing). */
const STORED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/zip']);

/**
 * Queues a build of the order's print-files archive, in the caller's transaction: on commissioning after the shop's
 * delay (files sent right after the order still make it into the first archive), after a later upload or removal at
 * once. A build waiting that no worker holds yet will see the new files, so no second one is queued; one that a
 * worker is packing right now (its row locked) may not, so another follows it.
 */
export async function queueArchiveBuild(
	tx: Tx,
	actor: Actor,
	orderId: number,
	now: Date,
	options: { commissioned?: boolean } = {}
): Promise<void> {
	const waiting = await tx
		.selectFrom('outbox')
		.select('id')
		.where('channel', '=', 'task')
		.where('topic', '=', ARCHIVE_TASK)
		.where('order_id', '=', orderId)
		.where('status', '=', 'pending')
		.forUpdate()
		.skipLocked()
		.executeTakeFirst();
	if (waiting) return;
	const delayMinutes = options.commissioned
		? await getSetting(tx, 'files_archive_delay_minutes')
		: 0;
	await enqueueMessages(tx, actor, [
		{
			channel: 'task',
			topic: ARCHIVE_TASK,
			recipient: String(orderId),
			payload: { orderId },
			orderId,
			notBefore: new Date(now.getTime() + delayMinutes * 60_000)
		}
	]);
}

/**
 * The task itself, run by the outbox worker inside the transaction that claimed its row (FOR UPDATE SKIP LOCKED):
 * packs every file of the order into one ZIP streamed into the store, records it and, the first time, tells staff
 * it is ready. A process killed while packing commits nothing; the row is claimed again and packed anew, and the
 * half-written object is never referenced (the store writes under a temporary name first).
 */
export async function runArchiveTask(
	tx: Tx,
	store: FileStore,
	row: Pick<OutboxRow, 'order_id' | 'actor_name'>,
	now = new Date()
): Promise<{ entries: number; size: number; notified: number }> {
	const orderId = row.order_id;
	if (orderId === null) return { entries: 0, size: 0, notified: 0 };
	const files = await tx
		.selectFrom('job_files')
		.innerJoin('jobs', 'jobs.id', 'job_files.job_id')
		.select([
			'job_files.storage_key',
			'job_files.name',
			'job_files.content_type',
			'job_files.created_at',
			'jobs.id as jobId',
			'jobs.title'
		])
		.where('job_files.order_id', '=', orderId)
		.orderBy('jobs.id')
		.orderBy('job_files.id')
		.execute();
	const previous = await tx
		.selectFrom('order_archives')
		.selectAll()
		.where('order_id', '=', orderId)
		.forUpdate()
		.executeTakeFirst();
	if (files.length === 0) {
		if (previous) {
			await tx.deleteFrom('order_archives').where('order_id', '=', orderId).execute();
			await store.delete(previous.storage_key);
		}
		return { entries: 0, size: 0, notified: 0 };
	}
	const names = archiveEntryNames(files);
	const zip = new yazl.ZipFile();
	for (const [i, file] of files.entries())
		zip.addReadStreamLazy(
			names[i],
			{ mtime: file.created_at, compress: !STORED.has(file.content_type) },
			(done) =>
				(i === 1 ? packCheckpoint(orderId) : Promise.resolve())
					.then(() => store.get(file.storage_key))
					.then(
						(stream) =>
							done(stream ? null : new Error(`${file.name} is missing from the store`), stream!),
						(error) => done(error, null as never)
					)
		);
	const packed = zip.outputStream as unknown as Readable;
	// A file that cannot be read fails the pack (and so the task, which is retried) instead of leaving it hanging.
	// The failure may come before the store starts reading (it creates its folder first): it stays on the stream,
	// whose pipeline in `store.put` then rejects with it, rather than escaping as an unheard 'error' event.
	packed.on('error', () => {});
	zip.on('error', (error: Error) => packed.destroy(error));
	zip.end();
	const { key, size } = await store.put(`archives/${orderId}`, packed);
	const notify = !previous?.notified_at;
	await tx
		.insertInto('order_archives')
		.values({
			order_id: orderId,
			storage_key: key,
			size,
			entries: files.length,
			built_at: now,
			notified_at: notify ? now : null
		})
		.onConflict((oc) =>
			oc.column('order_id').doUpdateSet((eb) => ({
				storage_key: key,
				size,
				entries: files.length,
				built_at: now,
				builds: eb('order_archives.builds', '+', 1),
				notified_at: eb.fn.coalesce('order_archives.notified_at', eb.val(now))
			}))
		)
		.execute();
	let notified = 0;
	if (notify) {
		const system: Actor = { kind: 'system', name: row.actor_name || 'Floorboard' };
		const notices = await printFilesNotices(tx, orderId, files.length);
		await enqueueMessages(tx, system, notices);
		notified = notices.length;
	}
	// The superseded archive goes now; should this transaction fail after all, the task runs again and rebuilds.
	if (previous) await store.delete(previous.storage_key);
	return { entries: files.length, size, notified };
}

/**
 * Entry names: one folder per line (`01 Business cards/`), each file under its own name, a repeated name numbered
 * (`cover (2).pdf`) so no entry hides another.
 */
export function archiveEntryNames(
	files: readonly { jobId: number; title: string; name: string }[]
) {
	const lineNumbers = new Map<number, number>();
	for (const file of files)
		if (!lineNumbers.has(file.jobId)) lineNumbers.set(file.jobId, lineNumbers.size + 1);
	const taken = new Set<string>();
	return files.map((file) => {
		const folder = `${String(lineNumbers.get(file.jobId)).padStart(2, '0')} ${folderName(file.title)}`;
		const dot = file.name.lastIndexOf('.');
		const [stem, extension] =
			dot > 0 ? [file.name.slice(0, dot), file.name.slice(dot)] : [file.name, ''];
		let entry = `${folder}/${file.name}`;
		for (let n = 2; taken.has(entry.toLowerCase()); n++)
			entry = `${folder}/${stem} (${n})${extension}`;
		taken.add(entry.toLowerCase());
		return entry;
	});
}

const folderName = (title: string) =>
	title
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f/\\<>:"|?*]/g, '_')
		.replace(/^\.+/, '_')
		.trim()
		.slice(0, 80) || 'line';

/**
 * The order's archive for a viewer who sees every line of the order (a contractor with only some of its lines
 * gets their files one by one, not the whole order's).
 */
export async function openOrderArchive(
	db: DbOrTx,
	store: FileStore,
	viewer: Viewer,
	orderId: number
): Promise<FileDownload & { builtAt: Date }> {
	const order = await visibleOrder(db, viewer, orderId);
	const jobs = await orderJobFacts(db, order.id, order.managerId);
	if (!jobs.every((job) => canSeeJob(viewer, job))) throw notFound('Order');
	const archive = await db
		.selectFrom('order_archives')
		.selectAll()
		.where('order_id', '=', orderId)
		.executeTakeFirst();
	const stream = archive ? await store.get(archive.storage_key) : null;
	if (!archive || !stream) throw notFound('The print-files archive of this order');
	return {
		stream,
		name: `order-${order.number}-print-files.zip`,
		contentType: 'application/zip',
		size: Number(archive.size),
		builtAt: archive.built_at
	};
}
