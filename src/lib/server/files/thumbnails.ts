import sharp from 'sharp';
import type { Readable } from 'node:stream';
import type { FileStore } from './storage';
import { log } from '../log';

/** The longest side of a thumbnail, in pixels (sharp enough for a card on a high-density screen). */
const THUMBNAIL_PX = 480;
/** PDFs are rendered from memory (MuPDF reads the whole document): larger ones get no thumbnail. */
const MAX_PDF_BYTES = 80 * 1024 * 1024;

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/tiff', 'image/webp', 'image/gif']);

/** Whether a file of this type can have a thumbnail. */
export const hasThumbnail = (contentType: string) =>
	IMAGE_TYPES.has(contentType) || contentType === 'application/pdf';

/**
 * A WebP thumbnail of an image, or of a PDF's first page, stored beside the file; null when the file is of another
 * type or cannot be read (a damaged file still uploads: a thumbnail is a convenience, not a check).
 */
export async function makeThumbnail(
	store: FileStore,
	file: { key: string; contentType: string; size: number }
): Promise<string | null> {
	if (!hasThumbnail(file.contentType)) return null;
	try {
		const source = await store.get(file.key);
		if (!source) return null;
		const image =
			file.contentType === 'application/pdf'
				? file.size <= MAX_PDF_BYTES
					? sharp(await renderFirstPage(source))
					: null
				: source.pipe(sharp({ failOn: 'error', limitInputPixels: 2 ** 28 }));
		if (!image) {
			source.destroy();
			return null;
		}
		const resized = image
			.rotate()
			.resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.webp({ quality: 80 });
		return (await store.put('thumbnails', resized)).key;
	} catch (error) {
		log.warn({ err: error, key: file.key }, 'No thumbnail for an uploaded file');
		return null;
	}
}

/** The first page of a PDF as PNG bytes, rendered by MuPDF (WebAssembly, loaded on first use). */
async function renderFirstPage(source: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of source) chunks.push(chunk as Buffer);
	const mupdf = await import('mupdf');
	const document = mupdf.Document.openDocument(Buffer.concat(chunks), 'application/pdf');
	try {
		const page = document.loadPage(0);
		const [x0, y0, x1, y1] = page.getBounds();
		const scale = THUMBNAIL_PX / Math.max(x1 - x0, y1 - y0, 1);
		const pixmap = page.toPixmap(
			mupdf.Matrix.scale(scale, scale),
			mupdf.ColorSpace.DeviceRGB,
			false,
			true
		);
		const png = Buffer.from(pixmap.asPNG());
		pixmap.destroy();
		page.destroy();
		return png;
	} finally {
		document.destroy();
	}
}
