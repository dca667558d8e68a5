import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { afterEach, beforeEach } from 'vitest';

/** A fresh files folder per test, removed afterwards. */
export function useFilesDir(): { current: string } {
	const dir = { current: '' };
	beforeEach(async () => {
		dir.current = await mkdtemp(path.join(tmpdir(), 'floorboard-files-'));
	});
	afterEach(async () => {
		await rm(dir.current, { recursive: true, force: true });
	});
	return dir;
}

/** Every file under `dir` (relative paths): what the store holds. */
export async function storedFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
		.sort();
}

/** A real PNG of the given size (a flat colour; `noise` makes it large and incompressible). */
export async function makePng(width = 64, height = 48, noise = false): Promise<Buffer> {
	if (!noise)
		return sharp({ create: { width, height, channels: 3, background: '#c03' } })
			.png()
			.toBuffer();
	const raw = Buffer.alloc(width * height * 3);
	for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
	return sharp(raw, { raw: { width, height, channels: 3 } })
		.png({ compressionLevel: 0 })
		.toBuffer();
}

/** A one-page PDF with a box on it, written by hand (offsets computed, so readers need no repair). */
export function makePdf(text = 'Proof'): Buffer {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		null,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	const stream = `0 0.5 0 rg 20 20 260 160 re f BT /F1 24 Tf 1 1 1 rg 40 90 Td (${text}) Tj ET`;
	objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(pdf.length);
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

/** A multipart body with each file in a part named `field` (default `file`). */
export function filesForm(
	files: readonly { name: string; bytes: Buffer; type?: string }[],
	field = 'file'
): FormData {
	const form = new FormData();
	for (const file of files)
		form.append(
			field,
			new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
			file.name
		);
	return form;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every entry of a ZIP: its name and its bytes, in order. */
export function unzip(bytes: Buffer): Promise<{ name: string; bytes: Buffer }[]> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
			if (error || !zip) return reject(error);
			const entries: { name: string; bytes: Buffer }[] = [];
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (streamError, stream) => {
					if (streamError || !stream) return reject(streamError);
					const chunks: Buffer[] = [];
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('end', () => {
						entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(entries));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}
