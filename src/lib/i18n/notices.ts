import { m } from '../paraglide/messages.js';
import type { MessageRef } from '../domain/message';
import { filesNoticeText } from './files-notices';

/*
 * Staff notices as catalogue messages: the service stores the message and its parameters with the notice, and the
 * bell (in the browser) and the e-mail (on the server, in the recipient's language) read it in their language.
 * Relative imports: the outbox's services use this module outside Vite too.
 */

type Locale = 'en' | 'cs' | 'ru';
type NewOrderParams = { number: string | number; customer: string };
type Message = (params: NewOrderParams, options?: { locale?: Locale }) => string;

const NEW_ORDER_BY_SOURCE: Record<string, Message> = {
	site: m.notice_new_order_site,
	app: m.notice_new_order_app,
	panel: m.notice_new_order_panel,
	api: m.notice_new_order_api,
	phone: m.notice_new_order_phone,
	email: m.notice_new_order_email,
	counter: m.notice_new_order_counter
};

/** The catalogue message of a new-order notice ("New web order 1083 from Cleo Park — 2 lines"). */
export function newOrderNotice(order: {
	number: number;
	source: string;
	customer: string;
	lines: number;
}): MessageRef {
	return { key: 'notice_new_order', params: { ...order } };
}

/** A notice's text in `locale` (the page's language when left out); `fallback` for a message this build does not know. */
export function noticeText(ref: MessageRef, fallback: string, locale?: Locale): string {
	if (ref.key === 'comments_notice_mention')
		return m.comments_notice_mention(
			{ author: String(ref.params.author), number: String(ref.params.number) },
			locale ? { locale } : undefined
		);
	if (ref.key.startsWith('files_')) return filesNoticeText(ref, locale) ?? fallback;
	if (ref.key !== 'notice_new_order') return fallback;
	const { number, source, customer, lines } = ref.params;
	const options = locale ? { locale } : undefined;
	const headline = (NEW_ORDER_BY_SOURCE[String(source)] ?? m.notice_new_order)(
		{ number, customer: String(customer) },
		options
	);
	return `${headline} — ${m.notice_order_lines({ count: Number(lines) }, options)}`;
}
