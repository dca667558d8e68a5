import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import type { Database } from '../../src/lib/server/db/schema';
import { moveJob } from '../../src/lib/server/jobs/move';
import {
	createWebhook,
	listWebhooks,
	recentDeliveries,
	setWebhookActive
} from '../../src/lib/server/webhooks';
import { deliverDueMessages, type DeliveryDeps } from '../../src/lib/server/outbox/worker';
import { createMailer } from '../../src/lib/server/outbox/transports';
import { verifyWebhook } from '../../src/lib/server/outbox/signature';
import { unflatten } from 'devalue';

const database = useTestDatabase();

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A real HTTP endpoint on 127.0.0.1 that records what it receives and answers with `status`; its URL names it `receiver.test`. */
async function endpoint(status: () => number = () => 204) {
	const received: Received[] = [];
	const server: Server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body });
			const code = status();
			response
				.writeHead(code, { 'content-type': 'text/plain' })
				.end(code >= 400 ? 'upstream broke' : '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push(server);
	return { url: `http://receiver.test:${(server.address() as AddressInfo).port}/hooks`, received };
}

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(
		servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)))
	);
});

const mailer = createMailer(null);
// The receivers listen on 127.0.0.1, which the address policy refuses: these tests resolve `receiver.test` there
// and trust that one address (test-only options of the worker). Refusals are tested in webhook-addresses.test.ts.
const deps: DeliveryDeps = {
	mailer,
	publicUrl: null,
	webhookTimeoutMs: 5000,
	webhookTestOnly: {
		trustedAddresses: ['127.0.0.1'],
		resolve: async () => [{ address: '127.0.0.1', family: 4 }]
	}
};

async function webhookRows(db: Kysely<Database>) {
	return db
		.selectFrom('outbox')
		.selectAll()
		.where('channel', '=', 'webhook')
		.orderBy('id')
		.execute();
}

describe('webhooks', () => {
	it('POSTs subscribed events as JSON signed with the webhook secret', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const target = await endpoint();
		const { webhook, secret } = await createWebhook(db, admin, {
			url: target.url,
			events: ['order.created', 'job.moved']
		});
		expect(secret).toMatch(/^whsec_[a-z2-7]{32}$/);
		expect(await listWebhooks(db, admin)).toEqual([
			expect.not.objectContaining({ secret: expect.anything() })
		]);

		const { order, jobs } = await placeOrder(db, shop); // order.created, and order.commissioned which it does not subscribe to
		await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.printing });
		const queued = await webhookRows(db);
		expect(queued.map((row) => [row.topic, row.recipient])).toEqual([
			['order.created', String(webhook.id)],
			['job.moved', String(webhook.id)]
		]);

		const pass = await deliverDueMessages(db, deps, new Date());
		expect(pass.failed + pass.retrying).toBe(0);
		expect(target.received).toHaveLength(2);
		for (const [i, { headers, body }] of target.received.entries()) {
			expect(headers['content-type']).toBe('application/json');
			const timestamp = headers['x-floorboard-timestamp'] as string;
			expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
			// What a receiver computes on its own, with nothing but the secret.
			const expected =
				'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
			expect(headers['x-floorboard-signature']).toBe(expected);
			expect(
				verifyWebhook(
					secret,
					{ signature: headers['x-floorboard-signature'] as string, timestamp },
					body
				)
			).toBe(true);
			expect(
				verifyWebhook(
					'whsec_wrong',
					{ signature: headers['x-floorboard-signature'] as string, timestamp },
					body
				)
			).toBe(false);
			const parsed = JSON.parse(body);
			expect(parsed).toMatchObject({
				id: String(queued[i].id),
				event: queued[i].topic,
				createdAt: expect.any(String)
			});
			expect(headers['x-floorboard-delivery']).toBe(String(queued[i].id));
			expect(headers['x-floorboard-event']).toBe(queued[i].topic);
		}
		expect(JSON.parse(target.received[0].body).data).toMatchObject({
			orderId: order.id,
			number: order.number,
			source: 'site'
		});
		expect(JSON.parse(target.received[1].body).data).toMatchObject({
			jobId: jobs[0].id,
			toStageId: shop.stages.printing,
			phase: 'in_production'
		});

		const rows = await webhookRows(db);
		expect(rows.map((row) => [row.status, row.attempts])).toEqual([
			['sent', 1],
			['sent', 1]
		]);
		const log = await recentDeliveries(db, admin, webhook.id);
		expect(log.map((entry) => [entry.topic, entry.status, entry.response, entry.to])).toEqual([
			['job.moved', 'sent', 'HTTP 204', target.url],
			['order.created', 'sent', 'HTTP 204', target.url]
		]);
	});

	it('retries an endpoint answering 500 with growing pauses, then marks it failed and keeps the change', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const target = await endpoint(() => 500);
		await createWebhook(db, admin, { url: target.url, events: ['job.moved'] });
		const { jobs } = await placeOrder(db, shop);
		await db.deleteFrom('outbox').execute(); // only the move's webhook below
		const { job } = await moveJob(db, admin, {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});
		await db.deleteFrom('outbox').where('channel', '!=', 'webhook').execute();

		let now = new Date(Date.now() + 1000);
		const pauses: number[] = [];
		for (let attempt = 1; attempt <= 6; attempt++) {
			await deliverDueMessages(db, deps, now);
			const [row] = await webhookRows(db);
			expect(row.attempts).toBe(attempt);
			expect(row.last_error).toBe('HTTP 500: upstream broke');
			if (attempt < 6) {
				expect(row.status).toBe('pending');
				pauses.push((row.next_attempt_at.getTime() - now.getTime()) / 1000);
				now = row.next_attempt_at;
			} else {
				expect(row.status).toBe('failed');
			}
		}
		expect(pauses).toEqual([30, 60, 120, 240, 480]);
		expect(target.received).toHaveLength(6);
		// Each attempt is signed afresh, and names the same delivery.
		expect(new Set(target.received.map((r) => r.headers['x-floorboard-delivery'])).size).toBe(1);

		const kept = await db
			.selectFrom('jobs')
			.select(['stage_id', 'version'])
			.where('id', '=', job.id)
			.executeTakeFirstOrThrow();
		expect(kept).toEqual({ stage_id: shop.stages.printing, version: job.version });
	});

	it('treats an unreachable endpoint as a failed attempt', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const gone = await endpoint();
		servers.pop()!.close();
		await createWebhook(db, admin, { url: gone.url, events: ['*'] });
		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());
		const rows = await webhookRows(db);
		expect(rows.map((row) => row.topic).sort()).toEqual(['order.commissioned', 'order.created']);
		expect(
			rows.every(
				(row) =>
					row.status === 'pending' &&
					row.attempts === 1 &&
					/fetch failed|ECONNREFUSED/.test(row.last_error ?? '')
			)
		).toBe(true);
	});

	it('stops queueing for a deactivated webhook and fails what was still queued for it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const target = await endpoint();
		const { webhook } = await createWebhook(db, admin, {
			url: target.url,
			events: ['order.created']
		});
		await placeOrder(db, shop);
		await setWebhookActive(db, admin, webhook.id, false);
		await placeOrder(db, shop);
		expect(await webhookRows(db)).toHaveLength(1);
		await deliverDueMessages(db, deps, new Date());
		expect(target.received).toHaveLength(0);
		const [row] = await webhookRows(db);
		expect(row).toMatchObject({
			status: 'failed',
			attempts: 1,
			last_error: 'The webhook was deactivated or removed before delivery.'
		});
	});

	it('is managed by admins only, and validates URL and events', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const admin = await actorFor(db, shop.users.admin);
		await expect(
			createWebhook(db, manager, { url: 'https://example.com/hook', events: ['*'] })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(listWebhooks(db, manager)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			createWebhook(db, admin, { url: 'ftp://example.com/hook', events: ['*'] })
		).rejects.toThrow(/http and https/);
		await expect(
			createWebhook(db, admin, { url: 'https://example.com/hook', events: ['order.deleted'] })
		).rejects.toThrow();
		await expect(
			createWebhook(db, admin, { url: 'https://example.com/hook', events: [] })
		).rejects.toThrow(/at least one/);
		expect(
			(
				await createWebhook(db, admin, {
					url: 'https://example.com/hook',
					events: ['job.moved', '*']
				})
			).webhook.events
		).toEqual(['*']);
		await expect(setWebhookActive(db, admin, 999, false)).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('shows the admin page with webhooks and deliveries, never the secret', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const target = await endpoint();
		const { secret } = await createWebhook(db, admin, {
			url: target.url,
			events: ['order.created']
		});
		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());
		const response = await app.request('GET', '/admin/webhooks/__data.json', {
			token: await tokenFor(db, shop.users.admin)
		});
		const page = unflatten(response.body.nodes.at(-1).data);
		expect(page.webhooks).toEqual([
			expect.objectContaining({ url: target.url, events: ['order.created'], active: true })
		]);
		expect(page.webhooks[0].deliveries).toEqual([
			expect.objectContaining({ topic: 'order.created', status: 'sent', response: 'HTTP 204' })
		]);
		expect(JSON.stringify(response.body)).not.toContain(secret);
		const staff = await app.request('GET', '/admin/webhooks/__data.json', {
			token: await tokenFor(db, shop.users.staff)
		});
		expect(staff.body.nodes.at(-1)).toMatchObject({ type: 'error', status: 403 });
	});
});
