import type { Readable } from 'node:stream';
import type { JobFileView } from '../../contract/files';
import type { Actor, Viewer } from '../../domain/scope';
import { inTransaction, type DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import { recordJobEvents } from '../history';
import { getSettings } from '../settings';
import { lockOrderOfJob, visibleOrder } from '../orders/access';
import { visibleFile, visibleJobForFiles } from './access';
import { queueArchiveBuild } from './archive';
import { receiveFiles } from './receive';
import type { FileStore } from './storage';
import { makeThumbnail } from './thumbnails';
import { jobFileView } from './views';
import { jobInScope } from '../scope-sql';
import { jobScope } from '../../domain/scope';

/** Files one request may carry. */
export const MAX_FILES_PER_UPLOAD = 20;

/**
 * Stores the files of a multipart request on a line the actor may see: streamed into the store (type sniffed, size
 * and the shop's limits checked on the way), thumbnails made, then recorded with their history in one transaction,
 * and the order's print archive queued for a rebuild. A refusal leaves nothing behind.
 */
export async function uploadJobFiles(
	db: DbOrTx,
	store: FileStore,
	actor: Actor,
	input: { jobId: number; request: Request },
	now = new Date()
): Promise<{ files: JobFileView[] }> {
	await visibleJobForFiles(db, actor, input.jobId);
	const settings = await getSettings(db);
	const received = await receiveFiles(input.request, store, `jobs/${input.jobId}`, {
		maxBytes: settings.files_max_mb * 1024 * 1024,
		allowedTypes: settings.files_allowed_types,
		maxFiles: MAX_FILES_PER_UPLOAD
	});
	const thumbnails = await Promise.all(received.map((file) => makeThumbnail(store, file)));
	try {
		const rows = await inTransaction(db, async (tx) => {
			const order = await lockOrderOfJob(tx, input.jobId);
			if (!order) throw notFound('Line');
			const job = await visibleJobForFiles(tx, actor, input.jobId);
			const inserted = await tx
				.insertInto('job_files')
				.values(
					received.map((file, i) => ({
						job_id: job.id,
						order_id: job.orderId,
						storage_key: file.key,
						thumbnail_key: thumbnails[i],
						name: file.name,
						content_type: file.contentType,
						size: file.size,
						sha256: file.sha256,
						uploaded_by: actor.name,
						uploaded_by_user_id: actor.kind === 'user' ? actor.id : null,
						created_at: now
					}))
				)
				.returningAll()
				.execute();
			await recordJobEvents(
				tx,
				actor,
				inserted.map((file) => ({
					jobId: job.id,
					orderId: job.orderId,
					kind: 'file_added' as const,
					at: now,
					data: { fileId: file.id, name: file.name, size: file.size }
				}))
			);
			if (!job.isDraft) await queueArchiveBuild(tx, actor, job.orderId, now);
			return inserted;
		});
		return { files: rows.map(jobFileView) };
	} catch (error) {
		const keys = [...received.map((file) => file.key), ...thumbnails.filter((key) => key !== null)];
		await Promise.all(keys.map((key) => store.delete(key)));
		throw error;
	}
}

/** The files of a line the viewer may see, newest first. */
export async function listJobFiles(
	db: DbOrTx,
	viewer: Viewer,
	jobId: number
): Promise<JobFileView[]> {
	await visibleJobForFiles(db, viewer, jobId);
	const rows = await db
		.selectFrom('job_files')
		.selectAll()
		.where('job_id', '=', jobId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.execute();
	return rows.map(jobFileView);
}

/** The files of an order's lines that the viewer may see (a contractor: those of their own lines). */
export async function listOrderFiles(
	db: DbOrTx,
	viewer: Viewer,
	orderId: number
): Promise<JobFileView[]> {
	await visibleOrder(db, viewer, orderId);
	const rows = await db
		.selectFrom('job_files')
		.innerJoin('jobs', 'jobs.id', 'job_files.job_id')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.selectAll('job_files')
		.where('job_files.order_id', '=', orderId)
		.where(jobInScope(jobScope(viewer)))
		.orderBy('job_files.job_id')
		.orderBy('job_files.created_at', 'desc')
		.orderBy('job_files.id', 'desc')
		.execute();
	return rows.map(jobFileView);
}

export interface FileDownload {
	stream: Readable;
	name: string;
	contentType: string;
	size: number | null;
}

/** A file's bytes (or its thumbnail's) for a viewer who may see its line. */
export async function openJobFile(
	db: DbOrTx,
	store: FileStore,
	viewer: Viewer,
	input: { fileId: number; thumbnail?: boolean }
): Promise<FileDownload> {
	const { file } = await visibleFile(db, viewer, input.fileId);
	// The customer's page sees proofs only; every other file of the line is internal.
	if (viewer.kind === 'tracking' && file.proof_version === null) throw notFound('File');
	const key = input.thumbnail ? file.thumbnail_key : file.storage_key;
	const stream = key ? await store.get(key) : null;
	if (!stream) throw notFound('File');
	return input.thumbnail
		? { stream, name: `${file.name}.webp`, contentType: 'image/webp', size: null }
		: { stream, name: file.name, contentType: file.content_type, size: Number(file.size) };
}

/**
 * Removes a file: staff, managers, admins and API keys any file they see; a contractor only what they uploaded.
 * The bytes go once the removal committed; the order's archive is rebuilt without it.
 */
export async function deleteJobFile(
	db: DbOrTx,
	store: FileStore,
	actor: Actor,
	fileId: number,
	now = new Date()
): Promise<void> {
	const removed = await inTransaction(db, async (tx) => {
		const { file, job } = await visibleFile(tx, actor, fileId);
		if (
			actor.kind === 'user' &&
			actor.role === 'contractor' &&
			file.uploaded_by_user_id !== actor.id
		)
			throw new AppError('forbidden', 'You can remove only the files you uploaded.');
		await tx.deleteFrom('job_files').where('id', '=', file.id).execute();
		await recordJobEvents(tx, actor, [
			{
				jobId: job.id,
				orderId: job.orderId,
				kind: 'file_removed',
				at: now,
				data: { fileId: file.id, name: file.name }
			}
		]);
		if (!job.isDraft) await queueArchiveBuild(tx, actor, job.orderId, now);
		return file;
	});
	await store.delete(removed.storage_key);
	if (removed.thumbnail_key) await store.delete(removed.thumbnail_key);
}
