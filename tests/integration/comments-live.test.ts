import { beforeEach, describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { emitAck, refusalOf, SETTLE_MS, sleep, waitFor, type TestClient } from '../helpers/sockets';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { createDisplayLink } from '../../src/lib/server/displays';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { deleteComment, editComment, postComment } from '../../src/lib/server/comments/write';
import type { CommentTarget } from '../../src/lib/contract/comments';

/** Issue 21, point 4: comment events reach exactly the sockets allowed to read the comment. */
const live = useLiveShop();
let orderId: number;
let trackingToken: string;
let lineA: number;
let lineB: number;

beforeEach(async () => {
	const { db, shop } = live;
	const placed = await placeOrder(db, shop, {
		managerId: shop.users.manager,
		items: [
			{ productId: shop.products.businessCards, title: 'Cards for A', quantity: 100 },
			{ productId: shop.products.businessCards, title: 'Cards for B', quantity: 100 }
		]
	});
	orderId = placed.order.id;
	trackingToken = placed.order.trackingToken;
	[lineA, lineB] = placed.jobs.map((job) => job.id);
	const admin = await actorFor(db, shop.users.admin);
	await updateJob(db, admin, lineA, { contractorId: shop.users.contractorA });
	await updateJob(db, admin, lineB, { contractorId: shop.users.contractorB });
	await db
		.updateTable('users')
		.set({ manager_visibility: 'own' })
		.where('id', 'in', [shop.users.manager, shop.users.manager2])
		.execute();
});

async function watching(token: string | undefined, target: CommentTarget): Promise<TestClient> {
	const client = await live.rt.connect(token ? { token } : undefined);
	expect(await emitAck(client, 'comments:watch', target)).toMatchObject({ ok: true });
	return client;
}
const userToken = (id: number) => tokenFor(live.db, id);

async function say(userId: number, target: CommentTarget, text: string, toCustomer = false) {
	const { comment, events } = await postComment(live.db, await actorFor(live.db, userId), target, {
		text,
		toCustomer
	});
	live.rt.publish(events);
	return comment;
}

const heard = (client: TestClient) => client.payloads('comment:changed').map((p) => p.comment.text);

/** Waits until `control` heard `text`, then a moment for any event that must not arrive elsewhere. */
async function after(control: TestClient, text: string) {
	await waitFor(() => heard(control).includes(text), 5_000, `comment "${text}"`);
	await live.rt.drained();
	await sleep(SETTLE_MS);
}

describe('comment events by audience', () => {
	it('staff hear every comment; each contractor only staff and own comments on its lines; the own-orders manager its order’s', async () => {
		const { users } = live.shop;
		const admin = await watching(await userToken(users.admin), { orderId });
		const manager = await watching(await userToken(users.manager), { jobId: lineA });
		const a = await watching(await userToken(users.contractorA), { jobId: lineA });
		const b = await watching(await userToken(users.contractorB), { jobId: lineB });
		const apiKey = await watching((await createApiKey(live.db, 'ERP', users.admin)).token, {
			orderId
		});

		await say(users.manager, { orderId }, 'order note');
		await say(users.manager, { jobId: lineA }, 'staff on A');
		await say(users.contractorA, { jobId: lineA }, 'A on A');
		await say(users.contractorB, { jobId: lineB }, 'B on B');
		await after(admin, 'B on B');
		const everything = ['order note', 'staff on A', 'A on A', 'B on B'];
		expect(heard(admin)).toEqual(everything);
		expect(heard(apiKey)).toEqual(everything);
		expect(heard(manager)).toEqual(everything); // one room per order: the drawer keeps its line's
		expect(heard(a)).toEqual(['staff on A', 'A on A']);
		expect(heard(b)).toEqual(['B on B']);
	});

	it('refuses to watch what the socket may not see, and sends those sockets nothing', async () => {
		const { users } = live.shop;
		const control = await watching(await userToken(users.admin), { orderId });
		const others: TestClient[] = [];
		const refusedWith = async (auth: { token?: string } | undefined, target: CommentTarget) => {
			const client = await live.rt.connect(auth);
			others.push(client);
			return refusalOf(await emitAck(client, 'comments:watch', target)).code;
		};
		expect(await refusedWith({ token: await userToken(users.contractorA) }, { jobId: lineB })).toBe(
			'not_found'
		);
		expect(await refusedWith({ token: await userToken(users.manager2) }, { orderId })).toBe(
			'not_found'
		);
		const { link } = await createDisplayLink(live.db, await actorFor(live.db, users.admin), {
			workflowId: live.shop.workflows.cards,
			name: 'TV',
			departmentIds: null
		});
		expect(await refusedWith({ token: link.token }, { orderId })).toBe('not_found');
		expect(await refusedWith({ token: trackingToken }, { orderId })).toBe('not_found');
		expect(await refusedWith(undefined, { orderId })).toBe('unauthorized');
		expect(
			await refusedWith({ token: await userToken(users.admin) }, { orderId: 'x' } as never)
		).toBe('invalid_input');

		await say(users.manager, { jobId: lineB }, 'staff on B');
		await after(control, 'staff on B');
		for (const client of others) expect(heard(client)).toEqual([]);
	});

	it('a tracking page hears only comments to the customer, as text in its view', async () => {
		const { users } = live.shop;
		const customer = await live.rt.connect();
		expect(await emitAck(customer, 'subscribe', { track: trackingToken })).toMatchObject({
			ok: true
		});
		const control = await watching(await userToken(users.admin), { orderId });
		await say(users.manager, { jobId: lineA }, 'internal: reprint at cost');
		await say(users.manager, { jobId: lineA }, 'Printed today.', true);
		await after(control, 'Printed today.');
		await waitFor(
			() =>
				customer
					.payloads('track:updated')
					.some((view) => view.comments?.some((c) => c.text === 'Printed today.')),
			5_000,
			'track:updated with the comment'
		);
		expect(customer.payloads('comment:changed')).toEqual([]);
		expect(JSON.stringify(customer.received)).not.toContain('internal');
	});

	it('edits and deletions reach the same readers with a higher version', async () => {
		const { users } = live.shop;
		const a = await watching(await userToken(users.contractorA), { jobId: lineA });
		const b = await watching(await userToken(users.contractorB), { jobId: lineB });
		const manager = await actorFor(live.db, users.manager);
		const comment = await say(users.manager, { jobId: lineA }, 'first');
		const edit = await editComment(live.db, manager, comment.id, { text: 'second' });
		live.rt.publish(edit.events);
		const removal = await deleteComment(live.db, manager, comment.id);
		live.rt.publish(removal.events);
		await waitFor(
			() => a.payloads('comment:changed').find((p) => p.comment.deletedAt !== null),
			5_000,
			'the deletion'
		);
		expect(a.payloads('comment:changed').map((p) => [p.comment.version, p.comment.text])).toEqual([
			[1, 'first'],
			[2, 'second'],
			[3, '']
		]);
		await sleep(SETTLE_MS);
		expect(heard(b)).toEqual([]);
	});
});
