import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ABANDONED_PARTIAL_MS, diskFileStore } from './storage';

let root: string;
beforeEach(async () => {
	root = await mkdtemp(path.join(tmpdir(), 'floorboard-store-'));
});
afterEach(async () => {
	await rm(root, { recursive: true, force: true });
});

describe('diskFileStore', () => {
	it('puts, gets and deletes an object by the key it made', async () => {
		const store = diskFileStore(root);
		const { key, size } = await store.put('archives/7', Readable.from([Buffer.from('zip bytes')]));
		expect(key).toMatch(/^archives\/7\/[A-Za-z0-9_-]{22,}$/);
		expect(size).toBe(9);
		const chunks: Buffer[] = [];
		for await (const chunk of (await store.get(key))!) chunks.push(chunk as Buffer);
		expect(Buffer.concat(chunks).toString()).toBe('zip bytes');
		await store.delete(key);
		expect(await store.get(key)).toBeNull();
	});

	it('tidies a partial object a killed process left behind, and leaves one still being written', async () => {
		const folder = path.join(root, 'archives', '7');
		await mkdir(folder, { recursive: true });
		const abandoned = path.join(folder, 'a'.repeat(24) + '.partial');
		const writing = path.join(folder, 'b'.repeat(24) + '.partial');
		await writeFile(abandoned, 'half a zip');
		await writeFile(writing, 'being written');
		const old = new Date(Date.now() - ABANDONED_PARTIAL_MS - 60_000);
		await utimes(abandoned, old, old);

		const { key } = await diskFileStore(root).put('archives/7', Readable.from([Buffer.from('x')]));
		expect((await readdir(folder)).sort()).toEqual(
			[path.basename(writing), key.split('/').pop()!].sort()
		);
	});
});
