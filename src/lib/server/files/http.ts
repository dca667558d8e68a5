import { Readable } from 'node:stream';
import { contentDisposition } from '../../domain/file-name';
import type { FileDownload } from './service';

/**
 * A stored file as a streamed HTTP answer. Uploaded files are always attachments (never rendered by this origin:
 * a crafted file cannot run script here); thumbnails, which the server made itself, may show inline.
 */
export function downloadResponse(download: FileDownload, inline = false): Response {
	const headers: Record<string, string> = {
		'content-type': download.contentType,
		'content-disposition': contentDisposition(download.name, inline),
		'x-content-type-options': 'nosniff',
		'cache-control': 'private, max-age=0, must-revalidate'
	};
	if (download.size !== null) headers['content-length'] = String(download.size);
	return new Response(Readable.toWeb(download.stream) as ReadableStream, { headers });
}
