/** A customer's decision on a proof. */
export type ProofStatus = 'pending' | 'approved' | 'changes_requested';

/** A file on an order line as staff, contractors and API clients see it (`GET /api/v1/jobs/:id/files`). */
export interface JobFileView {
	id: number;
	jobId: number;
	orderId: number;
	name: string;
	contentType: string;
	size: number;
	sha256: string;
	uploadedBy: string;
	createdAt: string;
	/** `GET` downloads the file; `DELETE` removes it. */
	url: string;
	thumbnailUrl: string | null;
	proof: {
		version: number;
		status: ProofStatus;
		comment: string | null;
		decidedAt: string | null;
	} | null;
}

/** The latest proof of a line as its customer sees it on the tracking page: nothing internal. */
export interface TrackingProofView {
	fileId: number;
	jobId: number;
	lineTitle: string;
	version: number;
	name: string;
	contentType: string;
	status: ProofStatus;
	comment: string | null;
	/** Paths under the tracking page's token. */
	url: string;
	thumbnailUrl: string | null;
}
