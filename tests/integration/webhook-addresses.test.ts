import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { parse, unflatten } from 'devalue';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import type { Database } from '../../src/lib/server/db/schema';
import { createWebhook, listWebhooks, recentDeliveries } from '../../src/lib/server/webhooks';
import { deliverDueMessages, type DeliveryDeps } from '../../src/lib/server/outbox/worker';
import { createMailer } from '../../src/lib/server/outbox/transports';
import { setSetting } from '../../src/lib/server/settings';
import type { ResolvedAddress } from '../../src/lib/server/outbox/webhook-address';

/*
 * Webhooks may not reach the server itself, link-local or cloud metadata addresses, nor private networks unless the
 * shop allows them. No test here needs the network: refused requests never leave, and allowed ones are handed to a
 * receiver on 127.0.0.1 by the worker's test-only `connect`, which also records the (checked) address it was given.
 */

const database = useTestDatabase();

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
}

/** A receiver on 127.0.0.1 answering `status` with `body`. */
async function receiver(status = 204, body = '') {
	const received: Received[] = [];
	const server: Server = createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body: text });
			response.writeHead(status, { 'content-type': 'text/html' }).end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push(server);
	return { port: (server.address() as AddressInfo).port, received };
}

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(
		servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)))
	);
});

/** Test-only network: names resolve from `dns` (each lookup recorded), connections go to the receiver (each target recorded). */
function network(receiverPort: number, dns: Record<string, string[] | (() => string[])> = {}) {
	const lookups: string[] = [];
	const connections: [string, number][] = [];
	const deps: DeliveryDeps = {
		mailer: createMailer(null),
		publicUrl: null,
		webhookTimeoutMs: 5000,
		webhookTestOnly: {
			resolve: async (host): Promise<ResolvedAddress[]> => {
				lookups.push(host);
				const answer = dns[host];
				const addresses = typeof answer === 'function' ? answer() : (answer ?? []);
				return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
			},
			connect: (address, port) => {
				connections.push([address, port]);
				return connect(receiverPort, '127.0.0.1');
			}
		}
	};
	return { deps, lookups, connections };
}

/** A webhook row as an older version (or a name that now resolves inward) could have left it: past the save-time check. */
async function storedWebhook(db: Kysely<Database>, url: string): Promise<number> {
	const row = await db
		.insertInto('webhooks')
		.values({ url, secret: 'whsec_test', events: ['order.created'] })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function deliveries(db: Kysely<Database>) {
	return db
		.selectFrom('outbox')
		.select(['recipient', 'status', 'attempts', 'last_error', 'payload'])
		.where('channel', '=', 'webhook')
		.orderBy('id')
		.execute();
}

describe('webhook addresses at send time', () => {
	it('refuses loopback, unspecified, link-local and metadata addresses, in every spelling, without retrying', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const target = await receiver();
		const p = target.port;
		const { deps, connections } = network(p, {
			'inward.example': ['127.0.0.1'],
			'mixed.example': ['93.184.216.34', '169.254.169.254']
		});
		await setSetting(db, 'webhooks_allow_private', true); // none of these is merely private
		const urls = [
			`http://127.0.0.1:${p}/hooks`,
			`http://127.1:${p}/hooks`,
			`http://2130706433:${p}/hooks`,
			`http://[::1]:${p}/hooks`,
			`http://[::ffff:127.0.0.1]:${p}/hooks`,
			`http://0.0.0.0:${p}/hooks`,
			`http://[::]:${p}/hooks`,
			'http://169.254.169.254/latest/meta-data/',
			'http://[fe80::1]/hooks',
			'http://100.100.100.200/latest/meta-data/',
			'http://[fd00:ec2::254]/latest/meta-data/',
			`http://inward.example:${p}/hooks`,
			`http://mixed.example:${p}/hooks`
		];
		for (const url of urls) await storedWebhook(db, url);
		await placeOrder(db, shop);

		await deliverDueMessages(db, deps, new Date());
		const rows = await deliveries(db);
		expect(rows).toHaveLength(urls.length);
		for (const row of rows) {
			expect(row.status).toBe('failed');
			expect(row.attempts).toBe(1);
			expect(row.last_error).toMatch(
				/^Webhooks cannot be sent to \S+( \(\S+\))?: it is (a loopback|an unspecified|a link-local|a cloud metadata)/
			);
		}
		expect(rows.find((row) => row.last_error?.includes('mixed.example'))?.last_error).toBe(
			'Webhooks cannot be sent to mixed.example (169.254.169.254): it is a link-local address (where cloud metadata services live).'
		);
		expect(connections).toEqual([]);
		expect(target.received).toEqual([]);
	});

	it('refuses localhost through the system resolver too', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const target = await receiver();
		await storedWebhook(db, `http://localhost:${target.port}/hooks`);
		await placeOrder(db, shop);
		await deliverDueMessages(
			db,
			{ mailer: createMailer(null), publicUrl: null, webhookTimeoutMs: 5000 },
			new Date()
		);
		const [row] = await deliveries(db);
		expect(row).toMatchObject({ status: 'failed', attempts: 1 });
		expect(row.last_error).toMatch(
			/^Webhooks cannot be sent to localhost \((127\.0\.0\.1|::1)\): it is a loopback address/
		);
		expect(target.received).toEqual([]);
	});

	it('sends to a private network only when the shop settings allow it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const target = await receiver();
		const { deps, connections } = network(target.port, { 'erp.shop.lan': ['10.0.0.7'] });
		await storedWebhook(db, 'http://erp.shop.lan:8080/hooks');
		await placeOrder(db, shop);

		await deliverDueMessages(db, deps, new Date());
		const [refused] = await deliveries(db);
		expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
		expect(refused.last_error).toBe(
			'Webhooks cannot be sent to erp.shop.lan (10.0.0.7): it is an address on a private network, allowed only when the shop settings allow webhooks to private networks.'
		);
		expect(connections).toEqual([]);

		await setSetting(db, 'webhooks_allow_private', true);
		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());
		expect((await deliveries(db)).map((row) => row.status)).toEqual(['failed', 'sent']);
		expect(connections).toEqual([['10.0.0.7', 8080]]);
		expect(target.received).toHaveLength(1);
		expect(target.received[0].headers.host).toBe('erp.shop.lan:8080');
	});

	it('connects to the address it checked, asking DNS once: a rebinding answer cannot slip in', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const target = await receiver();
		let answers = 0;
		// The first answer is public, every later one points inward (a rebinding DNS server).
		const { deps, lookups, connections } = network(target.port, {
			'rebind.example': () => (answers++ === 0 ? ['93.184.216.34'] : ['127.0.0.1'])
		});
		await storedWebhook(db, 'http://rebind.example/hooks');
		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());
		expect(lookups).toEqual(['rebind.example']);
		expect(connections).toEqual([['93.184.216.34', 80]]);
		expect(target.received).toHaveLength(1);

		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());
		expect(connections).toHaveLength(1); // the second delivery resolved inward and was refused before connecting
		expect((await deliveries(db)).at(-1)).toMatchObject({
			status: 'failed',
			last_error: expect.stringContaining('rebind.example (127.0.0.1)')
		});
	});

	it('keeps only the status and a short plain-text excerpt of an answer, on the webhooks page too', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		const page = `<html><head><style>h1{color:red}</style><script>steal()</script></head><body><h1>Internal\u0000 Server Error</h1><p>${'secret config line '.repeat(40)}</p></body></html>`;
		const failing = await receiver(500, page);
		const { deps } = network(failing.port, { 'erp.example.com': ['93.184.216.34'] });
		await storedWebhook(db, 'http://erp.example.com/hooks');
		await placeOrder(db, shop);
		await deliverDueMessages(db, deps, new Date());

		const [row] = await deliveries(db);
		expect(row.status).toBe('pending'); // a 500 is retried
		expect(row.last_error).toMatch(/^HTTP 500: Internal Server Error secret config line secret/);
		expect(row.last_error!.length).toBeLessThanOrEqual('HTTP 500: '.length + 200);
		expect(row.last_error).toMatch(/…$/);
		expect(row.last_error).not.toMatch(/[<>]|steal|color/);
		expect(row.last_error).not.toContain('\u0000');

		const response = await app.request('GET', '/admin/webhooks/__data.json', {
			token: await tokenFor(db, shop.users.admin)
		});
		const data = unflatten(response.body.nodes.at(-1).data);
		expect(data.webhooks[0].deliveries[0].lastError).toBe(row.last_error);
		expect(JSON.stringify(response.body)).not.toContain('<h1>');
	});
});

describe('webhook addresses at save time', () => {
	it('refuses internal literal addresses and names with 422, and private ones unless allowed', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		for (const url of [
			'http://127.0.0.1:5432/',
			'http://[::1]/hook',
			'http://169.254.169.254/latest/meta-data/',
			'http://localhost:3000/hook',
			'http://0x7f000001/',
			'http://[::ffff:a9fe:a9fe]/'
		]) {
			await expect(createWebhook(db, admin, { url, events: ['*'] }), url).rejects.toMatchObject({
				status: 422,
				code: 'invalid_input',
				message: expect.stringMatching(/^Webhooks cannot be sent to /)
			});
		}
		await expect(
			createWebhook(db, admin, { url: 'http://192.168.1.20/erp', events: ['*'] })
		).rejects.toMatchObject({
			status: 422,
			message: expect.stringContaining('private network')
		});
		expect(await listWebhooks(db, admin)).toEqual([]);

		await setSetting(db, 'webhooks_allow_private', true);
		expect(
			(await createWebhook(db, admin, { url: 'http://192.168.1.20/erp', events: ['*'] })).webhook
				.url
		).toBe('http://192.168.1.20/erp');
		await expect(
			createWebhook(db, admin, { url: 'http://127.0.0.1/', events: ['*'] })
		).rejects.toMatchObject({ status: 422 });
		expect(
			(await createWebhook(db, admin, { url: 'https://erp.example.com/hooks', events: ['*'] }))
				.webhook.url
		).toBe('https://erp.example.com/hooks');
	});

	it('answers the admin form with the refusal in the admin’s language', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		await db
			.updateTable('users')
			.set({ language: 'cs' })
			.where('id', '=', shop.users.admin)
			.execute();
		const response = await app.request('POST', '/admin/webhooks?/create', {
			token: await tokenFor(db, shop.users.admin),
			raw: new URLSearchParams({ url: 'http://[::1]:8080/hook', all: '1' }).toString(),
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'http://localhost',
				accept: 'application/json',
				'x-sveltekit-action': 'true'
			}
		});
		expect(response.body).toMatchObject({ type: 'failure', status: 422 });
		expect(parse(response.body.data).error).toBe(
			'Webhooky nelze posílat na ::1: je to tento server nebo jeho vnitřní síť (adresa loopback, link-local nebo cloudové služby metadat).'
		);
		expect(await recentDeliveries(db, await actorFor(db, shop.users.admin), 1)).toEqual([]);
		expect(await db.selectFrom('webhooks').select('id').execute()).toEqual([]);
	});
});
