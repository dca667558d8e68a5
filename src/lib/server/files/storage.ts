import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where file bytes live. Callers only put, get and delete by key; a bucket store (S3 and the like) can implement
 * the same three calls later without any caller changing. Keys are made by the store, never from user input.
 */
export interface FileStore {
	/** Streams `source` into a new object under a fresh key (`prefix/…`) and answers that key and its size. */
	put(
		prefix: string,
		source: Readable | AsyncIterable<Uint8Array>
	): Promise<{ key: string; size: number }>;
	/** The object's bytes as a stream; null when there is no such object. */
	get(key: string): Promise<Readable | null>;
	/** Removes the object; removing one that is gone is not an error. */
	delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*\/[A-Za-z0-9_-]{22,}$/;

/**
 * The file store on this machine's disk: every object one file under `root`. A put writes to a temporary name and
 * renames it into place, so a reader (or a process killed half-way) never sees half an object.
 */
export function diskFileStore(root: string): FileStore {
	const fileOf = (key: string) => {
		if (!KEY.test(key)) throw new Error(`Not a file store key: ${key}`);
		return path.join(root, ...key.split('/'));
	};
	return {
		async put(prefix, source) {
			const key = `${prefix}/${randomBytes(18).toString('base64url')}`;
			const target = fileOf(key);
			await mkdir(path.dirname(target), { recursive: true });
			await removeAbandoned(path.dirname(target));
			const partial = `${target}.partial`;
			try {
				await pipeline(source, createWriteStream(partial, { flags: 'wx' }));
				await rename(partial, target);
			} catch (error) {
				await rm(partial, { force: true });
				throw error;
			}
			return { key, size: (await stat(target)).size };
		},
		async get(key) {
			const file = fileOf(key);
			try {
				await stat(file);
			} catch {
				return null;
			}
			return createReadStream(file);
		},
		async delete(key) {
			await rm(fileOf(key), { force: true });
		}
	};
}

/** A partial object older than this was abandoned by a process that died while writing it (no put takes so long). */
export const ABANDONED_PARTIAL_MS = 60 * 60 * 1000;

/**
 * Removes the partial objects of a folder that a killed process left behind (a put renames its own into place or
 * removes it when it fails): the next put into the same folder — the order's next archive — tidies up.
 */
async function removeAbandoned(folder: string, now = Date.now()): Promise<void> {
	for (const name of await readdir(folder)) {
		if (!name.endsWith('.partial')) continue;
		const file = path.join(folder, name);
		const written = await stat(file).then(
			(info) => info.mtimeMs,
			() => now
		);
		if (now - written > ABANDONED_PARTIAL_MS) await rm(file, { force: true });
	}
}
