import type { Actor } from '../../domain/scope';
import type { CommentView } from '../../contract/comments';
import { isLocale, type Locale } from '../../i18n/locales';
import type { Tx } from '../db';
import type { OrderForCheck } from '../orders/access';
import type { OutgoingMessage } from '../outbox/enqueue';
import { staffNotice } from '../outbox/staff-notice';
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
		const language: Locale = isLocale(person.language)
			? person.language
			: isLocale(shopLanguage)
				? shopLanguage
				: 'en';
		messages.push(
			...staffNotice({ ...person, language }, person.email_mentions, {
				ref,
				topic: 'comment_mention',
				emailTopic: 'comment_mention',
				link,
				body: excerpt,
				orderId: order.id,
				orderNumber: order.number,
				jobId: comment.jobId,
				emailLines: (title) => [`${title}:`, '', excerpt, '']
			})
		);
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
