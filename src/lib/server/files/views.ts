import type { Selectable } from 'kysely';
import type { JobFileView } from '../../contract/files';
import type { JobFilesTable } from '../db/schema';

export type JobFileRow = Selectable<JobFilesTable>;

/** A file row as the API shows it to staff, contractors and API clients. */
export function jobFileView(row: JobFileRow): JobFileView {
	const url = `/api/v1/files/${row.id}`;
	return {
		id: row.id,
		jobId: row.job_id,
		orderId: row.order_id,
		name: row.name,
		contentType: row.content_type,
		size: Number(row.size),
		sha256: row.sha256,
		uploadedBy: row.uploaded_by,
		createdAt: row.created_at.toISOString(),
		url,
		thumbnailUrl: row.thumbnail_key ? `${url}/thumbnail` : null,
		proof:
			row.proof_version === null
				? null
				: {
						version: row.proof_version,
						status: row.proof_status ?? 'pending',
						comment: row.proof_comment,
						decidedAt: row.proof_decided_at?.toISOString() ?? null
					}
	};
}
