import { describe, expect, it } from 'vitest';
import { receiveFiles } from './receive';
import type { FileStore } from './storage';

/** A store in memory; with `firstLast`, its first object finishes storing only after the second has. */
function memoryStore(firstLast = false): FileStore & { deleted: string[] } {
	let stored = 0;
	let secondStored = () => {};
	const second = new Promise<void>((resolve) => (secondStored = resolve));
	const deleted: string[] = [];
	return {
		deleted,
		async put(prefix, source) {
			const index = stored++;
			let size = 0;
			for await (const chunk of source) size += chunk.length;
			if (firstLast && index === 0) await second;
			else secondStored();
			return { key: `${prefix}/${'k'.repeat(22)}${index}`, size };
		},
		get: async () => null,
		delete: async (key) => void deleted.push(key)
	};
}

const limits = { maxBytes: 1_000_000, allowedTypes: ['application/pdf'], maxFiles: 5 };
/** Enough of a PDF for its type to be sniffed. */
const makePdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');

function upload(files: { name: string; bytes: Buffer }[]): Request {
	const form = new FormData();
	for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
	return new Request('http://floorboard.test/upload', { method: 'POST', body: form });
}

describe('receiveFiles', () => {
	it('answers the files in the order they were sent, whichever is stored first', async () => {
		const files = await receiveFiles(
			upload([
				{ name: 'front.pdf', bytes: makePdf('Front') },
				{ name: 'back.pdf', bytes: makePdf('Back') }
			]),
			memoryStore(true),
			'jobs/1',
			limits
		);
		expect(files.map((file) => file.name)).toEqual(['front.pdf', 'back.pdf']);
	});

	it('removes what it stored when a later part is refused', async () => {
		const store = memoryStore();
		await expect(
			receiveFiles(
				upload([
					{ name: 'front.pdf', bytes: makePdf('Front') },
					{ name: 'notes.txt', bytes: Buffer.from('not a print file') }
				]),
				store,
				'jobs/1',
				limits
			)
		).rejects.toMatchObject({ status: 415 });
		expect(store.deleted).toHaveLength(1);
	});
});
