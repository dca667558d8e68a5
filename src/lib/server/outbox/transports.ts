import { createTransport } from 'nodemailer';
import { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';
import { postToCheckedAddress, type WebhookTestOverrides } from './webhook-http';

export interface MailMessage {
	from: string;
	to: string;
	subject: string;
	text: string;
	headers?: Record<string, string>;
}

export interface MailReceipt {
	messageId: string | null;
	/** The server's answer (`250 OK …`) or, for the local transport, what happened to the message. */
	response: string;
}

/** What the worker sends e-mail through; tests pass one that fails. */
export interface Mailer {
	readonly kind: 'smtp' | 'local';
	send(message: MailMessage): Promise<MailReceipt>;
	close(): void;
}

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * SMTP through nodemailer when SMTP_URL is set (`smtp://user:pass@host:587`, `smtps://…`; a `from` query
 * parameter sets the sender); else nodemailer's JSON transport, which builds the message and sends nothing —
 * the rendered message is recorded on the outbox row, where the message log shows it.
 */
export function createMailer(smtpUrl: string | null): Mailer {
	if (!smtpUrl) {
		const transport = createTransport({ jsonTransport: true });
		return {
			kind: 'local',
			async send(message) {
				const info = await transport.sendMail(message);
				return {
					messageId: info.messageId ?? null,
					response: 'Recorded locally (no SMTP_URL set)'
				};
			},
			close: () => transport.close()
		};
	}
	const transport = createTransport({ url: smtpUrlWithoutFrom(smtpUrl), ...SMTP_TIMEOUTS });
	return {
		kind: 'smtp',
		async send(message) {
			const info = await transport.sendMail(message);
			if (info.rejected?.length) throw new Error(`Rejected by the SMTP server: ${info.response}`);
			return { messageId: info.messageId ?? null, response: info.response };
		},
		close: () => transport.close()
	};
}

/** The sender: `from` on SMTP_URL, else the shop's name at no-reply@ the public host (or localhost). */
export function senderAddress(
	smtpUrl: string | null,
	shopName: string,
	publicUrl: string | null
): string {
	const configured = smtpUrl ? safeUrl(smtpUrl)?.searchParams.get('from') : null;
	if (configured) return configured;
	const host = (publicUrl && safeUrl(publicUrl)?.hostname) || 'localhost';
	return `"${shopName.replace(/["\\\r\n]/g, '')}" <no-reply@${host}>`;
}

function smtpUrlWithoutFrom(smtpUrl: string): string {
	const url = safeUrl(smtpUrl);
	if (!url || !url.searchParams.has('from')) return smtpUrl;
	url.searchParams.delete('from');
	return url.toString();
}

function safeUrl(value: string): URL | null {
	try {
		return new URL(value);
	} catch {
		return null;
	}
}

export interface WebhookRequest {
	url: string;
	secret: string;
	event: string;
	deliveryId: string;
	body: string;
}

export interface WebhookReceipt {
	status: number;
	response: string;
}

/**
 * POSTs a signed JSON body to an address the policy allows (`webhook-address.ts`). Only a 2xx answer counts as
 * delivered; redirects are not followed (a receiver moves by changing the webhook's URL, and a redirect could
 * point inside the network), and a request that takes longer than `timeoutMs` fails and is retried. The receipt
 * keeps the status and a short plain-text excerpt of the answer, never the endpoint's page.
 */
export async function postWebhook(
	request: WebhookRequest,
	options: WebhookPostOptions = {}
): Promise<WebhookReceipt> {
	const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
	const headers = {
		'content-type': 'application/json',
		'user-agent': 'Floorboard-Webhooks/1',
		[SIGNATURE_HEADER]: signWebhook(request.secret, timestamp, request.body),
		[TIMESTAMP_HEADER]: String(timestamp),
		'X-Floorboard-Event': request.event,
		'X-Floorboard-Delivery': request.deliveryId
	};
	const answer = await postToCheckedAddress(new URL(request.url), headers, request.body, {
		allowPrivate: options.allowPrivate ?? false,
		timeoutMs: options.timeoutMs ?? 10_000,
		testOnly: options.testOnly
	});
	const summary = `HTTP ${answer.status}${answer.excerpt ? `: ${answer.excerpt}` : ''}`;
	if (answer.status < 200 || answer.status >= 300) throw new Error(summary);
	return { status: answer.status, response: summary };
}

export interface WebhookPostOptions {
	timeoutMs?: number;
	now?: Date;
	/** The shop's `webhooks_allow_private` setting (off unless given). */
	allowPrivate?: boolean;
	testOnly?: WebhookTestOverrides;
}
