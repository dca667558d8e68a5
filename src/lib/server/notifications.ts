import { z } from 'zod';
import type { Actor } from '../domain/scope';
import { notificationKinds } from '../domain/order-view';
import type { DbOrTx } from './db';
import { AppError } from './errors';
import type { NotificationView } from '../contract/views';

export type { NotificationView };

export const listNotificationsInput = z.object({
	unreadOnly: z.boolean().default(false),
	limit: z.number().int().min(1).max(100).default(20)
});

export const markReadInput = z.union([
	z
		.object({
			ids: z
				.array(z.union([z.number().int().positive(), z.string().regex(/^\d{1,18}$/)]))
				.min(1)
				.max(500)
		})
		.strict(),
	z.object({ all: z.literal(true) }).strict()
]);
export type MarkReadInput = z.infer<typeof markReadInput>;

/** Notices belong to users: an API key or a rule has none. */
function userId(actor: Actor): number {
	if (actor.kind !== 'user')
		throw new AppError('forbidden', 'Notifications belong to signed-in users, not to API keys.');
	return actor.id;
}

/** The user's recent notifications of the kinds its audience receives (`notificationKinds`), newest first, and how many are unread. */
export async function listNotifications(
	db: DbOrTx,
	actor: Actor,
	input: Partial<z.input<typeof listNotificationsInput>> = {}
): Promise<{ notifications: NotificationView[]; unread: number }> {
	const { unreadOnly, limit } = listNotificationsInput.parse(input);
	const id = userId(actor);
	const kinds = notificationKinds(actor);
	if (kinds?.length === 0) return { notifications: [], unread: 0 };
	let query = db
		.selectFrom('notifications')
		.select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at', 'i18n'])
		.where('user_id', '=', id)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit);
	if (unreadOnly) query = query.where('read_at', 'is', null);
	if (kinds) query = query.where('kind', 'in', [...kinds]);
	const [rows, unread] = await Promise.all([query.execute(), unreadCount(db, id, kinds)]);
	return {
		notifications: rows.map((row) => ({
			id: String(row.id),
			kind: row.kind,
			title: row.title,
			body: row.body,
			link: row.link,
			i18n: (row.i18n as NotificationView['i18n']) ?? null,
			createdAt: row.created_at.toISOString(),
			readAt: row.read_at?.toISOString() ?? null
		})),
		unread
	};
}

/** Marks some (or all) of the user's notifications read; another user's ids are ignored. Answers the unread count. */
export async function markNotificationsRead(
	db: DbOrTx,
	actor: Actor,
	input: MarkReadInput,
	now = new Date()
): Promise<{ unread: number }> {
	const id = userId(actor);
	let query = db
		.updateTable('notifications')
		.set({ read_at: now })
		.where('user_id', '=', id)
		.where('read_at', 'is', null);
	if ('ids' in input) query = query.where('id', 'in', input.ids.map(String));
	await query.execute();
	return { unread: await unreadCount(db, id, notificationKinds(actor)) };
}

async function unreadCount(
	db: DbOrTx,
	id: number,
	kinds: readonly string[] | null
): Promise<number> {
	if (kinds?.length === 0) return 0;
	let query = db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', id)
		.where('read_at', 'is', null);
	if (kinds) query = query.where('kind', 'in', [...kinds]);
	const row = await query.executeTakeFirstOrThrow();
	return Number(row.n);
}
