import type { MessageRef } from '../../domain/message';
import { m } from '../../paraglide/messages.js';
import { noticeText } from '../../i18n/notices';
import { printFilesReadyNotice } from '../../i18n/files-notices';
import type { Tx } from '../db';
import type { OutgoingMessage } from '../outbox/enqueue';
import { recipients } from '../orders/notices';
import { orderView } from '../orders/view';

/** The archive's download path (staff open it signed in; the API with a token). */
export const archivePath = (orderId: number) => `/api/v1/orders/${orderId}/files.zip`;

/**
 * Staff's notice that an order's print files are packed (seed 004): in-app for everyone who hears of new orders,
 * by e-mail to those who want new-order e-mails, with links to the order card and to the archive.
 */
export async function printFilesNotices(
	tx: Tx,
	orderId: number,
	files: number
): Promise<OutgoingMessage[]> {
	const order = await orderView(tx, orderId);
	const ref = printFilesReadyNotice(order.number);
	const system = { kind: 'system' as const, name: 'Floorboard' };
	return staffNotices(await recipients(tx, system, order), ref, {
		topic: 'print_files_ready',
		orderId,
		orderNumber: order.number,
		link: `/orders/${orderId}`,
		extraLines: (locale) => [m.files_email_archive({ files }, { locale }), archivePath(orderId)]
	});
}

type Locale = 'en' | 'cs' | 'ru';

/** One notification per person, and an e-mail (the staff template) to those who want e-mails, each in their language. */
export function staffNotices(
	people: readonly {
		id: number;
		name: string;
		email: string;
		language: Locale;
		email_new_orders: boolean;
	}[],
	ref: MessageRef,
	message: {
		topic: string;
		orderId: number;
		jobId?: number;
		orderNumber: number;
		link: string;
		body?: string;
		extraLines?: (locale: Locale) => string[];
	}
): OutgoingMessage[] {
	const english = noticeText(ref, ref.key, 'en');
	return people.flatMap((person): OutgoingMessage[] => {
		const refs = { orderId: message.orderId, jobId: message.jobId ?? null };
		const notice: OutgoingMessage = {
			channel: 'notification',
			topic: message.topic,
			recipient: String(person.id),
			payload: { title: english, body: message.body ?? '', link: message.link, i18n: ref },
			...refs
		};
		if (!person.email_new_orders) return [notice];
		const locale = person.language;
		const title = noticeText(ref, english, locale);
		const body = [
			m.notice_email_greeting({ name: person.name }, { locale }),
			'',
			`${title}.`,
			...(message.body ? ['', message.body] : []),
			...(message.extraLines?.(locale) ?? []),
			m.notice_email_open_card({}, { locale })
		].join('\n');
		return [
			notice,
			{
				channel: 'email',
				topic: 'new_order_staff',
				recipient: person.email,
				payload: {
					language: locale,
					title,
					recipientName: person.name,
					body,
					orderNumber: message.orderNumber,
					link: message.link
				},
				...refs
			}
		];
	});
}
