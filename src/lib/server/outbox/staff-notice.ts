import type { MessageRef } from '../../domain/message';
import { noticeText } from '../../i18n/notices';
import type { Locale } from '../../i18n/locales';
import { m } from '../../paraglide/messages.js';
import type { OutgoingMessage } from './enqueue';

/** A staff member a notice goes to, in the language they read. */
export interface NoticeRecipient {
	id: number;
	name: string;
	email: string;
	language: Locale;
}

/**
 * One person's notice of an event on an order: in-app (titled in English, re-rendered in the reader's language
 * from `ref`), and by e-mail in their language when `byEmail`, greeting them above `emailLines(title)` and
 * pointing to the card below.
 */
export function staffNotice(
	person: NoticeRecipient,
	byEmail: boolean,
	notice: {
		ref: MessageRef;
		topic: string;
		emailTopic: string;
		link: string;
		body: string;
		orderId: number;
		orderNumber: number;
		jobId?: number | null;
		emailLines: (title: string) => string[];
	}
): OutgoingMessage[] {
	const english = noticeText(notice.ref, '', 'en');
	const refs = { orderId: notice.orderId, jobId: notice.jobId };
	const inApp: OutgoingMessage = {
		channel: 'notification',
		topic: notice.topic,
		recipient: String(person.id),
		payload: { title: english, body: notice.body, link: notice.link, i18n: notice.ref },
		...refs
	};
	if (!byEmail) return [inApp];
	const locale = person.language;
	const title = noticeText(notice.ref, english, locale);
	return [
		inApp,
		{
			channel: 'email',
			topic: notice.emailTopic,
			recipient: person.email,
			payload: {
				language: locale,
				title,
				recipientName: person.name,
				body: [
					m.notice_email_greeting({ name: person.name }, { locale }),
					'',
					...notice.emailLines(title),
					m.notice_email_open_card({}, { locale })
				].join('\n'),
				orderNumber: notice.orderNumber,
				link: notice.link
			},
			...refs
		}
	];
}
