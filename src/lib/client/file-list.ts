import type { JobFileView } from '$lib/contract/files';

/** A line's or an order's files from the API (`…/files`); null when the request or its answer failed. */
export async function fetchFileList(url: string): Promise<JobFileView[] | null> {
	const response = await fetch(url).catch(() => null);
	if (!response?.ok) return null;
	const body: { files?: JobFileView[] } = await response.json().catch(() => ({}));
	return body.files ?? null;
}
