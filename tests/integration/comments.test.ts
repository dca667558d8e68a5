import { beforeEach, describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { createDisplayLink } from '../../src/lib/server/displays';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { COMMENT_MAX_LENGTH } from '../../src/lib/domain/comments';

/** Issue 21, point 4: who reads and writes which comments through REST, mentions, edits, deletion, the customer. */
const live = useLiveShop();
let app: TestApp;
let order: { id: number; trackingToken: string };
let lineA: number;
let lineB: number;
const tokens: Record<string, string> = {};

beforeEach(async () => {
	const { db, shop } = live;
	app = await createApp(live.database.current, { events: live.rt.context.events });
	const placed = await placeOrder(db, shop, {
		managerId: shop.users.manager,
		items: [
			{ productId: shop.products.businessCards, title: 'Cards for A', quantity: 100 },
			{ productId: shop.products.businessCards, title: 'Cards for B', quantity: 100 }
		]
	});
	order = placed.order;
	[lineA, lineB] = placed.jobs.map((job) => job.id);
	const admin = await actorFor(db, shop.users.admin);
	await updateJob(db, admin, lineA, { contractorId: shop.users.contractorA });
	await updateJob(db, admin, lineB, { contractorId: shop.users.contractorB });
	for (const [who, id] of Object.entries(shop.users)) tokens[who] = await tokenFor(db, id);
	tokens.apiKey = (await createApiKey(db, 'ERP', shop.users.admin)).token;
});

const post = (who: string, path: string, body: unknown) =>
	app.request('POST', `/api/v1/${path}/comments`, { token: tokens[who], body });
const read = (who: string, path: string) =>
	app.request('GET', `/api/v1/${path}/comments`, { token: tokens[who] });
const texts = (body: { comments: { text: string }[] }) => body.comments.map((c) => c.text);

/** One comment by each kind of author: on the order, on each line by staff, by each line's contractor. */
async function conversation() {
	const said = [
		await post('manager', `orders/${order.id}`, { text: 'order: internal' }),
		await post('manager', `jobs/${lineA}`, { text: 'staff on A' }),
		await post('manager', `jobs/${lineB}`, { text: 'staff on B' }),
		await post('contractorA', `jobs/${lineA}`, { text: 'A on A' }),
		await post('contractorB', `jobs/${lineB}`, { text: 'B on B' })
	];
	for (const answer of said) expect(answer.status).toBe(201);
	return said.map((answer) => answer.body.comment);
}

describe('who reads which comments', () => {
	it('staff and API keys read every comment of the order; a line thread has only its own', async () => {
		await conversation();
		for (const who of ['admin', 'manager', 'manager2', 'staff', 'apiKey']) {
			const answer = await read(who, `orders/${order.id}`);
			expect(answer.status, who).toBe(200);
			expect(texts(answer.body)).toEqual([
				'order: internal',
				'staff on A',
				'staff on B',
				'A on A',
				'B on B'
			]);
		}
		expect(texts((await read('admin', `jobs/${lineA}`)).body)).toEqual(['staff on A', 'A on A']);
	});

	it('a contractor reads staff comments and its own on its lines: never the order’s, never another contractor’s', async () => {
		await conversation();
		expect(texts((await read('contractorA', `jobs/${lineA}`)).body)).toEqual([
			'staff on A',
			'A on A'
		]);
		expect(texts((await read('contractorA', `orders/${order.id}`)).body)).toEqual([
			'staff on A',
			'A on A'
		]);
		const other = await read('contractorA', `jobs/${lineB}`);
		expect(other.status).toBe(404);
		expect(other.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
		// Line A handed to B: B reads the staff's comment there, not A's.
		await updateJob(live.db, await actorFor(live.db, live.shop.users.admin), lineA, {
			contractorId: live.shop.users.contractorB
		});
		expect(texts((await read('contractorB', `jobs/${lineA}`)).body)).toEqual(['staff on A']);
		expect((await read('contractorA', `jobs/${lineA}`)).status).toBe(404);
	});

	it('an own-orders manager reads the threads of its orders only; a display link and no credentials read none', async () => {
		await conversation();
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', 'in', [live.shop.users.manager, live.shop.users.manager2])
			.execute();
		expect((await read('manager', `orders/${order.id}`)).body.comments).toHaveLength(5);
		for (const path of [`orders/${order.id}`, `jobs/${lineA}`]) {
			expect((await read('manager2', path)).status).toBe(404);
			expect((await post('manager2', path, { text: 'hi' })).status).toBe(404);
		}
		const { link } = await createDisplayLink(
			live.db,
			await actorFor(live.db, live.shop.users.admin),
			{ workflowId: live.shop.workflows.cards, name: 'TV', departmentIds: null }
		);
		for (const token of [link.token, undefined]) {
			const answer = await app.request('GET', `/api/v1/orders/${order.id}/comments`, { token });
			expect(answer.status).toBe(401);
			expect(answer.body.comments).toBeUndefined();
		}
	});

	it('the tracking page gains only the comments to the customer, and loses a deleted one', async () => {
		await conversation();
		const note = await post('manager', `jobs/${lineA}`, {
			text: 'Your cards are printed.',
			toCustomer: true
		});
		expect(note.body.comment).toMatchObject({ toCustomer: true });
		const tracking = await app.request('GET', `/api/v1/track/${order.trackingToken}`);
		expect(tracking.body.comments).toEqual([
			{ at: expect.any(String), text: 'Your cards are printed.', edited: false }
		]);
		expect(JSON.stringify(tracking.body)).not.toMatch(/internal|staff on|A on A|Manager/);
		expect(
			(
				await app.request('DELETE', `/api/v1/comments/${note.body.comment.id}`, {
					token: tokens.manager
				})
			).status
		).toBe(200);
		expect(
			(await app.request('GET', `/api/v1/track/${order.trackingToken}`)).body.comments
		).toEqual([]);
	});
});

describe('who writes', () => {
	it('a contractor writes on its own lines only, never on the order nor to the customer; an API key not at all', async () => {
		const refused = [
			[await post('contractorA', `jobs/${lineB}`, { text: 'x' }), 404],
			[await post('contractorA', `orders/${order.id}`, { text: 'x' }), 403],
			[await post('contractorA', `jobs/${lineA}`, { text: 'x', toCustomer: true }), 403],
			[await post('apiKey', `orders/${order.id}`, { text: 'x' }), 403]
		] as const;
		for (const [answer, status] of refused) {
			expect(answer.status).toBe(status);
			expect(answer.body.error.code).toBe(status === 404 ? 'not_found' : 'forbidden');
		}
		expect(await live.db.selectFrom('comments').selectAll().execute()).toEqual([]);
		expect(
			await live.db
				.selectFrom('outbox')
				.where('topic', '=', 'customer_comment')
				.selectAll()
				.execute()
		).toEqual([]);
	});

	it('refuses bad input with 400 and writes nothing', async () => {
		for (const body of [
			{ text: '' },
			{ text: '   ' },
			{ text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) },
			{ text: 'hi', extra: 1 },
			{ text: 42 },
			{}
		]) {
			const answer = await post('manager', `orders/${order.id}`, body);
			expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
			expect(answer.body.error.code).toBe('invalid_input');
		}
		expect((await post('manager', 'orders/0', { text: 'hi' })).status).toBe(404);
		expect((await post('manager', 'jobs/999999', { text: 'hi' })).status).toBe(404);
		expect(await live.db.selectFrom('comments').selectAll().execute()).toEqual([]);
	});

	it('keeps markup as plain text, exactly as written', async () => {
		const attack = '<img src=x onerror=alert(1)><script>alert("x")</script> javascript:alert(1)';
		const answer = await post('manager', `jobs/${lineA}`, { text: attack });
		expect(answer.body.comment.text).toBe(attack);
		expect(texts((await read('contractorA', `jobs/${lineA}`)).body)).toEqual([attack]);
	});
});

describe('mentions', () => {
	it('notifies each mentioned person (by e-mail when they want it), never the author, and records the comment in the audit log', async () => {
		await live.db
			.updateTable('users')
			.set({ email_mentions: false })
			.where('id', '=', live.shop.users.manager2)
			.execute();
		const answer = await post('manager', `orders/${order.id}`, {
			text: '@Ada Admin and @mia manager: proof is late. @Max Manager (me) too. mail@Ada Admin is not one.'
		});
		expect(answer.body.comment.mentionedIds.sort()).toEqual(
			[live.shop.users.admin, live.shop.users.manager2].sort()
		);
		const messages = await live.db
			.selectFrom('outbox')
			.select(['channel', 'topic', 'recipient', 'payload'])
			.where('topic', '=', 'comment_mention')
			.orderBy('id')
			.execute();
		expect(messages.map((row) => [row.channel, row.recipient])).toEqual([
			['notification', String(live.shop.users.admin)],
			['email', 'admin@shop.test'],
			['notification', String(live.shop.users.manager2)]
		]);
		const { number } = await live.db
			.selectFrom('orders')
			.select('number')
			.where('id', '=', order.id)
			.executeTakeFirstOrThrow();
		expect(messages[0].payload).toMatchObject({
			title: `Max Manager mentioned you on order ${number}`,
			link: `/orders/${order.id}#comment-${answer.body.comment.id}`
		});
		const audit = await live.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id', 'user_id'])
			.where('entity', '=', 'comment')
			.execute();
		expect(audit).toEqual([
			{
				action: 'comment.create',
				entity_id: String(answer.body.comment.id),
				user_id: live.shop.users.manager
			}
		]);
	});

	it('does not mention contractors, nor managers who cannot see the order', async () => {
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', live.shop.users.manager2)
			.execute();
		const answer = await post('manager', `jobs/${lineA}`, {
			text: '@Cora Contractor @Mia Manager look'
		});
		expect(answer.body.comment.mentionedIds).toEqual([]);
		const thread = await read('manager', `jobs/${lineA}`);
		const names = thread.body.mentionable.map((p: { name: string }) => p.name);
		expect(names).toContain('Ada Admin');
		expect(names).not.toContain('Mia Manager');
		expect(names).not.toContain('Cora Contractor');
	});
});

describe('edits and deletion', () => {
	it('only the author edits (marked edited); the author or an admin deletes; a deleted comment stays as a placeholder', async () => {
		const [, staffOnA, , aOnA] = await conversation();
		const patch = (who: string, id: number, text: string) =>
			app.request('PATCH', `/api/v1/comments/${id}`, { token: tokens[who], body: { text } });
		const del = (who: string, id: number) =>
			app.request('DELETE', `/api/v1/comments/${id}`, { token: tokens[who] });
		for (const who of ['admin', 'manager2', 'contractorA', 'apiKey'])
			expect((await patch(who, staffOnA.id, 'changed')).status, who).toBe(403);
		for (const who of ['manager2', 'contractorA'])
			expect((await del(who, staffOnA.id)).status, who).toBe(403);
		// Another contractor's comment does not exist for B.
		expect((await patch('contractorB', aOnA.id, 'changed')).status).toBe(404);
		expect((await del('contractorB', aOnA.id)).status).toBe(404);

		const edited = await patch('manager', staffOnA.id, 'staff on A, corrected');
		expect(edited.status).toBe(200);
		expect(edited.body.comment).toMatchObject({
			text: 'staff on A, corrected',
			editedAt: expect.any(String),
			version: 2
		});
		const deleted = await del('admin', aOnA.id);
		expect(deleted.body.comment).toMatchObject({
			text: '',
			deletedAt: expect.any(String),
			version: 2
		});
		expect((await patch('contractorA', aOnA.id, 'again')).status).toBe(409);
		expect((await read('contractorA', `jobs/${lineA}`)).body.comments).toMatchObject([
			{ text: 'staff on A, corrected', editedAt: expect.any(String) },
			{ text: '', deletedAt: expect.any(String) }
		]);
		const audit = await live.db
			.selectFrom('audit_log')
			.select(['action', 'data'])
			.where('entity', '=', 'comment')
			.where('action', '!=', 'comment.create')
			.orderBy('id')
			.execute();
		expect(audit).toMatchObject([
			{ action: 'comment.update', data: { before: 'staff on A', text: 'staff on A, corrected' } },
			{ action: 'comment.delete', data: { before: 'A on A' } }
		]);
	});

	it('e-mails a comment to the customer once, through the outbox like other customer messages', async () => {
		await post('manager', `orders/${order.id}`, { text: 'Ready on Friday.', toCustomer: true });
		const sent = await live.db
			.selectFrom('outbox')
			.select(['channel', 'recipient', 'payload', 'order_id'])
			.where('topic', '=', 'customer_comment')
			.execute();
		expect(sent).toEqual([
			{
				channel: 'email',
				recipient: 'cleo@example.com',
				order_id: order.id,
				payload: expect.objectContaining({
					body: 'Ready on Friday.',
					trackingToken: order.trackingToken
				})
			}
		]);
	});
});
