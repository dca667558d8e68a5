/**
 * The file formats a print shop meets most, by the content type `file-type` sniffs from their bytes, with the
 * format's own name (the same in every language). The settings page offers them as checkboxes; any other
 * content type can still be written in by hand.
 */
export const KNOWN_FILE_TYPES: readonly { type: string; label: string }[] = [
	{ type: 'application/pdf', label: 'PDF' },
	{ type: 'image/png', label: 'PNG' },
	{ type: 'image/jpeg', label: 'JPEG' },
	{ type: 'image/tiff', label: 'TIFF' },
	{ type: 'image/webp', label: 'WebP' },
	{ type: 'image/gif', label: 'GIF' },
	{ type: 'application/postscript', label: 'PostScript' },
	{ type: 'application/eps', label: 'EPS' },
	{ type: 'image/vnd.adobe.photoshop', label: 'Photoshop (PSD)' },
	{ type: 'application/zip', label: 'ZIP' }
];

const KNOWN = new Set(KNOWN_FILE_TYPES.map((known) => known.type));

/** The accepted types the checkboxes do not show, for the "other types" box. */
export const otherFileTypes = (accepted: readonly string[]): string[] =>
	accepted.filter((type) => !KNOWN.has(type));
