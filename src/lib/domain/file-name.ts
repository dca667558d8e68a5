/** The longest file name kept (in characters); longer names are shortened, keeping their extension. */
export const MAX_FILE_NAME = 180;

export type FileNameVerdict = { ok: true; name: string } | { ok: false; problem: string };

/**
 * The name an uploaded file is kept and offered under. A name that tries to say where it goes (a folder, `..`,
 * a drive letter, control characters) is refused rather than guessed at: the uploader meant something else, and a
 * quiet rewrite would hide it. Names are only ever shown and sent in `Content-Disposition`; storage keys are
 * random, so a name can never reach the disk.
 */
export function checkFileName(raw: string): FileNameVerdict {
	const name = raw.normalize('NFC').trim();
	if (!name) return { ok: false, problem: 'The file has no name.' };
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(name))
		return { ok: false, problem: 'The file name contains control characters.' };
	if (/[/\\]/.test(name) || /^[a-zA-Z]:/.test(name))
		return { ok: false, problem: 'The file name contains a folder; send the file itself.' };
	if (name === '.' || name === '..' || name.startsWith('..'))
		return { ok: false, problem: 'The file name is not a name (it starts with "..").' };
	const cleaned = name.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' ');
	return { ok: true, name: shorten(cleaned) };
}

function shorten(name: string): string {
	const chars = [...name];
	if (chars.length <= MAX_FILE_NAME) return name;
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
	return chars.slice(0, MAX_FILE_NAME - [...extension].length).join('') + extension;
}

/** `Content-Disposition` for a download: an ASCII fallback and the real name (RFC 6266 / 5987). */
export function contentDisposition(name: string, inline = false): string {
	const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
