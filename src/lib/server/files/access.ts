import { canSeeJob, type JobScopeFacts, type Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';

export interface JobForFiles {
	id: number;
	orderId: number;
	title: string;
	isDraft: boolean;
	facts: JobScopeFacts;
}

/** The job if the viewer may see it, else not found (exactly as if it did not exist). */
export async function visibleJobForFiles(
	db: DbOrTx,
	viewer: Viewer,
	jobId: number
): Promise<JobForFiles> {
	const row = await db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.select([
			'jobs.id',
			'jobs.order_id',
			'jobs.title',
			'jobs.workflow_id',
			'jobs.contractor_id',
			'jobs.stage_id',
			'orders.manager_id',
			'orders.order_date',
			'stages.department_id'
		])
		.where('jobs.id', '=', jobId)
		.executeTakeFirst();
	if (!row) throw notFound('Line');
	const facts: JobScopeFacts = {
		orderId: row.order_id,
		workflowId: row.workflow_id,
		contractorId: row.contractor_id,
		managerId: row.manager_id,
		departmentId: row.department_id,
		onBoard: row.stage_id !== null
	};
	if (!canSeeJob(viewer, facts)) throw notFound('Line');
	return {
		id: row.id,
		orderId: row.order_id,
		title: row.title,
		isDraft: row.order_date === null,
		facts
	};
}

/** A file row with its job, when the viewer may see the job; not found otherwise. */
export async function visibleFile(db: DbOrTx, viewer: Viewer, fileId: number) {
	const file = await db
		.selectFrom('job_files')
		.selectAll()
		.where('id', '=', fileId)
		.executeTakeFirst();
	if (!file) throw notFound('File');
	try {
		return { file, job: await visibleJobForFiles(db, viewer, file.job_id) };
	} catch {
		throw notFound('File');
	}
}
