import type { JobFileView } from '$lib/contract/files';

/** One file on its way up: progress 0…1, retried by itself after a dropped connection or a server hiccup. */
export interface Upload {
	id: number;
	name: string;
	progress: number;
	state: 'uploading' | 'retrying' | 'failed';
	attempt: number;
	message: string | null;
	file: File;
}

export const MAX_ATTEMPTS = 4;
let nextId = 1;

/**
 * Uploads of one line: each file is its own request (its own progress and retries). A refusal (4xx: wrong type, too
 * large) is final and says why; a lost connection or a 5xx is tried again after 1, 2, 4 s, then offered to retry.
 */
export class LineUploads {
	uploads = $state<Upload[]>([]);

	constructor(
		private readonly jobId: () => number,
		private readonly onStored: (files: JobFileView[]) => void,
		private readonly wait = (ms: number) => new Promise((done) => setTimeout(done, ms))
	) {}

	add(files: Iterable<File>): void {
		for (const file of files) {
			const upload: Upload = {
				id: nextId++,
				name: file.name,
				progress: 0,
				state: 'uploading',
				attempt: 1,
				message: null,
				file
			};
			this.uploads.push(upload);
			void this.run(upload.id);
		}
	}

	retry(id: number): void {
		const upload = this.find(id);
		if (!upload) return;
		Object.assign(upload, { state: 'uploading', attempt: 1, message: null, progress: 0 });
		void this.run(id);
	}

	dismiss(id: number): void {
		this.uploads = this.uploads.filter((upload) => upload.id !== id);
	}

	private find(id: number): Upload | undefined {
		return this.uploads.find((upload) => upload.id === id);
	}

	private async run(id: number): Promise<void> {
		for (;;) {
			const upload = this.find(id);
			if (!upload) return;
			const result = await send(this.jobId(), upload.file, (progress) => {
				const current = this.find(id);
				if (current) current.progress = progress;
			});
			const current = this.find(id);
			if (!current) return;
			if (result.ok) {
				this.dismiss(id);
				this.onStored(result.files);
				return;
			}
			if (!result.retry || current.attempt >= MAX_ATTEMPTS) {
				Object.assign(current, { state: 'failed', message: result.message });
				return;
			}
			Object.assign(current, { state: 'retrying', message: result.message, progress: 0 });
			await this.wait(1000 * 2 ** (current.attempt - 1));
			current.attempt++;
			current.state = 'uploading';
		}
	}
}

type SendResult =
	{ ok: true; files: JobFileView[] } | { ok: false; retry: boolean; message: string };

/** One multipart POST through XMLHttpRequest (fetch reports no upload progress). */
function send(jobId: number, file: File, progress: (share: number) => void): Promise<SendResult> {
	return new Promise((resolve) => {
		const request = new XMLHttpRequest();
		request.open('POST', `/api/v1/jobs/${jobId}/files`);
		request.setRequestHeader('accept', 'application/json');
		request.upload.onprogress = (event) => {
			if (event.lengthComputable) progress(event.loaded / event.total);
		};
		request.onload = () => {
			let body: { files?: JobFileView[]; error?: { message?: string } } = {};
			try {
				body = JSON.parse(request.responseText);
			} catch {
				// not JSON: a proxy's error page
			}
			if (request.status === 201 && body.files) resolve({ ok: true, files: body.files });
			else
				resolve({
					ok: false,
					retry: request.status >= 500 || request.status === 0,
					message: body.error?.message ?? `HTTP ${request.status}`
				});
		};
		request.onerror = () => resolve({ ok: false, retry: true, message: 'Connection lost' });
		const form = new FormData();
		form.append('file', file, file.name);
		request.send(form);
	});
}
