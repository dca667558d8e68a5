import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import { checkFileName } from '../../domain/file-name';
import { AppError, invalidInput, unprocessable } from '../errors';
import type { FileStore } from './storage';

/** What one upload may carry. */
export interface UploadLimits {
	maxBytes: number;
	allowedTypes: readonly string[];
	/** Files in one request. */
	maxFiles: number;
}

/** A file stored from a request, not yet recorded in the database. */
export interface ReceivedFile {
	key: string;
	name: string;
	contentType: string;
	size: number;
	sha256: string;
}

/** Bytes looked at to tell a file's type (file-type needs at most a few KiB for the formats a print shop gets). */
const SNIFF_BYTES = 16 * 1024;

/**
 * Streams every `file` part of a multipart request into the store: each part's type is sniffed from its first
 * bytes, its size counted and its SHA-256 computed on the way, so no file is ever held in memory whole. One bad
 * part refuses the whole request and removes what it had stored: a refusal stores nothing.
 */
export async function receiveFiles(
	request: Request,
	store: FileStore,
	prefix: string,
	limits: UploadLimits
): Promise<ReceivedFile[]> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data') || !request.body)
		throw invalidInput('Send the files as multipart/form-data, each in a field named `file`.');
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > limits.maxFiles * (limits.maxBytes + 64 * 1024)) throw tooLarge(limits);

	// In the order the parts came, whichever finished storing first: the upload's rows and answer keep that order.
	const stored: ReceivedFile[] = [];
	let failure: unknown = null;
	const work: Promise<void>[] = [];
	try {
		await new Promise<void>((resolve, reject) => {
			let parser: busboy.Busboy;
			try {
				parser = busboy({
					headers: Object.fromEntries(request.headers),
					limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 20, parts: 40 },
					defParamCharset: 'utf8',
					// The name as sent: a name with a folder in it is refused (checkFileName), not silently cut to its last part.
					preservePath: true
				});
			} catch {
				reject(invalidInput('The multipart request has no boundary.'));
				return;
			}
			parser.on('file', (field, source, info) => {
				if (field !== 'file' || failure) {
					source.resume();
					return;
				}
				const index = work.length;
				work.push(
					receiveOne(source, info.filename ?? '', store, prefix, limits).then(
						(file) => void (stored[index] = file),
						(error) => void (failure ??= error)
					)
				);
			});
			parser.on('filesLimit', () => {
				failure ??= invalidInput(`Send at most ${limits.maxFiles} files at once.`);
			});
			parser.on('error', () => reject(invalidInput('The multipart request is malformed.')));
			parser.on('close', resolve);
			Readable.fromWeb(request.body as NodeWebStream<Uint8Array>)
				.on('error', () => reject(invalidInput('The upload was interrupted.')))
				.pipe(parser);
		});
		await Promise.all(work);
		if (failure) throw failure;
		if (stored.length === 0) throw invalidInput('The request has no `file` field with a file.');
		return stored;
	} catch (error) {
		await Promise.allSettled(work);
		// Sparse where a part failed: only what was stored is removed.
		await Promise.all(stored.flatMap((file) => (file ? [store.delete(file.key)] : [])));
		throw error;
	}
}

/**
 * One part into the store. A part found wrong is still read to its end (busboy goes on to the next part only
 * then) and refused afterwards; the store removes what it had begun to write.
 */
async function receiveOne(
	source: Readable & { truncated?: boolean },
	rawName: string,
	store: FileStore,
	prefix: string,
	limits: UploadLimits
): Promise<ReceivedFile> {
	const name = checkFileName(rawName);
	if (!name.ok) {
		source.resume();
		await new Promise((done) => source.on('close', done).on('end', done));
		throw unprocessable(name.problem);
	}
	const hash = createHash('sha256');
	let size = 0;
	let contentType: string | null = null;
	const sniff = async (head: Buffer) => {
		const found = await fileTypeFromBuffer(head);
		if (!found || !limits.allowedTypes.includes(found.mime))
			throw new AppError(
				'unsupported_file_type',
				`"${name.name}" is ${found ? found.mime : 'of a type this shop does not know'}; accepted: ${limits.allowedTypes.join(', ')}.`
			);
		return found.mime;
	};
	async function* checkedBytes() {
		let head: Buffer[] = [];
		let headBytes = 0;
		let failed: unknown = null;
		for await (const chunk of source as AsyncIterable<Buffer>) {
			if (failed) continue; // drain
			try {
				size += chunk.length;
				hash.update(chunk);
				if (contentType) {
					yield chunk;
					continue;
				}
				head.push(chunk);
				headBytes += chunk.length;
				if (headBytes < SNIFF_BYTES) continue;
				const bytes = Buffer.concat(head);
				head = [];
				contentType = await sniff(bytes);
				yield bytes;
			} catch (error) {
				failed = error;
			}
		}
		if (failed) throw failed;
		if (source.truncated) throw tooLarge(limits);
		if (!contentType) {
			const bytes = Buffer.concat(head);
			contentType = await sniff(bytes);
			yield bytes;
		}
	}
	const { key } = await store.put(prefix, checkedBytes());
	return { key, name: name.name, contentType: contentType!, size, sha256: hash.digest('hex') };
}

const tooLarge = (limits: UploadLimits) =>
	new AppError(
		'payload_too_large',
		`A file may be at most ${Math.round(limits.maxBytes / 1024 / 1024)} MiB.`
	);
