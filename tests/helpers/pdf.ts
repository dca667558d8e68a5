import * as mupdf from 'mupdf';
import jsQR from 'jsqr';

/** One page of a PDF as a reader meets it: its size in points, its text, and the QR code a camera would read. */
export interface PdfPage {
	width: number;
	height: number;
	text: string;
	qr: string | null;
}

/**
 * Opens a PDF the way a person's viewer would: MuPDF (WASM) extracts each page's text and renders the page to
 * pixels at 144 dpi, and jsQR decodes whatever QR code the picture shows. Nothing is read from how the PDF was
 * made, so a QR code that does not print readably, or text in a font without its letters, fails here.
 */
export function readPdf(bytes: Uint8Array): PdfPage[] {
	const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
	const pages: PdfPage[] = [];
	for (let index = 0; index < doc.countPages(); index++) {
		const page = doc.loadPage(index);
		const [x0, y0, x1, y1] = page.getBounds();
		pages.push({
			width: Math.round(x1 - x0),
			height: Math.round(y1 - y0),
			text: page.toStructuredText('preserve-whitespace').asText(),
			qr: decodeQr(page)
		});
	}
	return pages;
}

/** The page rendered as a PNG (for screenshots a person looks at). */
export function pdfPagePng(bytes: Uint8Array, index = 0, scale = 2): Uint8Array {
	const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
	const pixmap = doc
		.loadPage(index)
		.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
	return pixmap.asPNG();
}

function decodeQr(page: mupdf.Page): string | null {
	const pixmap = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, false, true);
	const [width, height] = [pixmap.getWidth(), pixmap.getHeight()];
	const rgb = pixmap.getPixels();
	const rgba = new Uint8ClampedArray(width * height * 4);
	for (let i = 0; i < width * height; i++) {
		rgba[i * 4] = rgb[i * 3];
		rgba[i * 4 + 1] = rgb[i * 3 + 1];
		rgba[i * 4 + 2] = rgb[i * 3 + 2];
		rgba[i * 4 + 3] = 255;
	}
	return jsQR(rgba, width, height)?.data ?? null;
}
