import type { Actor } from '../../domain/scope';
import type { CommentView } from '../../contract/comments';
import { noticeText } from '../../i18n/notices';
import { isLocale, type Locale } from '../../i18n/locales';
import { m } from '../../paraglide/messages.js';
import type { Tx } from '../db';
import type { OrderForCheck } from '../orders/access';
import type { OutgoingMessage } from '../outbox/enqueue';
import { customerContacts } from '../orders/phase';
import { getSetting } from '../settings';

const EXCERPT = 280;

/**
 * A comment's messages: for each newly mentioned person an in-app notice ("Ann mentioned you on order 1042") with
 * the comment's start, and the same by e-mail when they want it; for a comment to the customer, the e-mail to
 * the order's customer (topic `customer_comment`), sent as the other customer messages are.
 */
export async function commentMessages(
	tx: Tx,
	actor: Actor,
	order: Pick<OrderForCheck, 'id' | 'number'>,
	comment: CommentView,
	mentioned: readonly number[],
	toCustomer: boolean
): Promise<OutgoingMessage[]> {
	const messages: OutgoingMessage[] = [];
	const link = `/orders/${order.id}#comment-${comment.id}`;
	const excerpt =
		comment.text.length > EXCERPT ? `${comment.text.slice(0, EXCERPT - 1)}…` : comment.text;
	const ref = {
		key: 'comments_notice_mention',
		params: { author: actor.name, number: order.number }
	};
	const english = noticeText(ref, '', 'en');
	const people = mentioned.length
		? await tx
				.selectFrom('users')
				.select(['id', 'name', 'email', 'language', 'email_mentions'])
				.where('id', 'in', [...mentioned])
				.where('active', '=', true)
				.orderBy('id')
				.execute()
		: [];
	const shopLanguage = people.length ? await getSetting(tx, 'language') : 'en';
	for (const person of people) {
		messages.push({
			channel: 'notification',
			topic: 'comment_mention',
			recipient: String(person.id),
			payload: { title: english, body: excerpt, link, i18n: ref },
			orderId: order.id,
			jobId: comment.jobId
		});
		if (!person.email_mentions) continue;
		const locale: Locale = isLocale(person.language)
			? person.language
			: isLocale(shopLanguage)
				? shopLanguage
				: 'en';
		const title = noticeText(ref, english, locale);
		messages.push({
			channel: 'email',
			topic: 'comment_mention',
			recipient: person.email,
			payload: {
				language: locale,
				title,
				recipientName: person.name,
				body: [
					m.notice_email_greeting({ name: person.name }, { locale }),
					'',
					`${title}:`,
					'',
					excerpt,
					'',
					m.notice_email_open_card({}, { locale })
				].join('\n'),
				orderNumber: order.number,
				link
			},
			orderId: order.id,
			jobId: comment.jobId
		});
	}
	if (toCustomer) {
		const contact = (await customerContacts(tx, [order.id])).get(order.id);
		if (contact?.email)
			messages.push({
				channel: 'email',
				topic: 'customer_comment',
				recipient: contact.email,
				payload: { ...contact.payload, body: comment.text },
				orderId: order.id
			});
	}
	return messages;
}
