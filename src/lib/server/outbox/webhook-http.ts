import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { hostOf, resolveWebhookTarget, type Resolver } from './webhook-address';

/**
 * Test-only seams of webhook delivery. Production passes none (`runtime.ts` starts the worker without them): they
 * are options of the worker, not environment variables, so no shop can switch the address check off by accident.
 */
export interface WebhookTestOverrides {
	/** Addresses allowed whatever their class: tests deliver to a receiver listening on 127.0.0.1. */
	trustedAddresses?: readonly string[];
	/** Answers name lookups instead of the system resolver. */
	resolve?: Resolver;
	/** Opens the connection instead of `net.connect`, and so sees which (checked) address the request was sent to. */
	connect?: (address: string, port: number) => Duplex;
}

export interface CheckedPostOptions {
	/** The shop's `webhooks_allow_private` setting. */
	allowPrivate: boolean;
	timeoutMs: number;
	testOnly?: WebhookTestOverrides;
}

export interface HttpAnswer {
	status: number;
	/** The start of the answer's body as short plain text (for the delivery log). */
	excerpt: string;
}

/** The most of an answer's body that is read; the rest is not waited for. */
const MAX_BODY_BYTES = 4096;

/**
 * POSTs `body` to `url`, connecting only to an address the policy allows (resolved and checked here, then used
 * for the connection itself, so DNS is asked once). TLS still verifies the certificate against the URL's host.
 */
export async function postToCheckedAddress(
	url: URL,
	headers: Record<string, string>,
	body: string,
	options: CheckedPostOptions
): Promise<HttpAnswer> {
	const testOnly = options.testOnly;
	const target = await resolveWebhookTarget(
		url,
		{ allowPrivate: options.allowPrivate, trustedAddresses: testOnly?.trustedAddresses },
		testOnly?.resolve
	);
	const secure = url.protocol === 'https:';
	const port = Number(url.port) || (secure ? 443 : 80);
	const host = hostOf(url);
	const request = (secure ? https : http).request({
		host: target.address,
		family: target.family,
		port,
		method: 'POST',
		path: url.pathname + url.search,
		headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
		servername: secure && !isIP(host) ? host : undefined,
		signal: AbortSignal.timeout(options.timeoutMs),
		// A fresh connection each time (no pooled socket to an address checked for another request); tests open it themselves.
		...(testOnly?.connect
			? { createConnection: () => testOnly.connect!(target.address, port) as never }
			: { agent: false })
	});
	return new Promise<HttpAnswer>((resolve, reject) => {
		request.on('error', (error) =>
			reject(
				error.name === 'AbortError'
					? new Error(`No answer within ${Math.round(options.timeoutMs / 1000)} s.`)
					: error
			)
		);
		request.on('response', (response) => {
			const chunks: Buffer[] = [];
			let size = 0;
			const done = () =>
				resolve({
					status: response.statusCode ?? 0,
					excerpt: plainExcerpt(Buffer.concat(chunks).toString('utf8'))
				});
			response.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				size += chunk.length;
				if (size >= MAX_BODY_BYTES) response.destroy();
			});
			response.on('end', done);
			response.on('close', done);
			response.on('error', done);
		});
		request.end(body);
	});
}

/**
 * What the delivery log keeps of an answer: plain text (markup, control and formatting characters removed, white
 * space collapsed), at most `max` characters. The log is shown to admins; an endpoint's page is not.
 */
export function plainExcerpt(text: string, max = 200): string {
	const plain = text
		.replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
		.replace(/<[^>]*>?/g, ' ')
		.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\uFFFD]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	const characters = [...plain];
	return characters.length > max
		? characters
				.slice(0, max - 1)
				.join('')
				.trimEnd() + '…'
		: plain;
}
