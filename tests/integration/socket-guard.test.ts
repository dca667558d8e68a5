import { describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { placeOrder, tokenFor } from '../helpers/fixtures';
import { emitAck, waitFor, type TestClient } from '../helpers/sockets';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { generateLinkToken } from '../../src/lib/server/auth/token';
import { SOCKET_LIMITS, SocketLimits } from '../../src/lib/server/realtime/limits';

/** Issue 14, points 4, 5 and 9 (sockets): the handshake's Origin check, the limits, and NUL characters. */
const live = useLiveShop();

describe('the handshake’s Origin check (a cookie counts only from the site itself)', () => {
	it('refuses the session cookie from another site, another port or without Origin', async () => {
		const cookie = `session=${await tokenFor(live.db, live.shop.users.manager)}`;
		const port = new URL(live.rt.url).port;
		for (const origin of [
			'http://evil.example',
			`http://evil.example:${port}`,
			'http://127.0.0.1:1',
			`ftp://127.0.0.1:${port}`,
			'null',
			''
		]) {
			await expect(live.rt.connect(undefined, { cookie, origin }), origin).rejects.toThrow(
				/^forbidden_origin$/
			);
		}
	});

	it('accepts the cookie from the site’s own host over http or https', async () => {
		const cookie = `session=${await tokenFor(live.db, live.shop.users.manager)}`;
		for (const origin of [live.rt.url, live.rt.url.replace('http:', 'https:')]) {
			const client = await live.rt.connect(undefined, { cookie, origin });
			expect(
				await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })
			).toMatchObject({
				ok: true
			});
		}
	});

	it('with ORIGIN set, accepts exactly that origin, not the request’s host', async () => {
		live.rt.context.config.publicUrl = 'https://board.example.com';
		const cookie = `session=${await tokenFor(live.db, live.shop.users.manager)}`;
		await expect(live.rt.connect(undefined, { cookie, origin: live.rt.url })).rejects.toThrow(
			/^forbidden_origin$/
		);
		await expect(
			live.rt.connect(undefined, { cookie, origin: 'https://board.example.com' })
		).resolves.toBeTruthy();
	});

	it('needs no Origin for API keys, session tokens, display and tracking tokens in auth.token', async () => {
		const { order } = await placeOrder(live.db, live.shop);
		const display = generateLinkToken();
		await live.db
			.insertInto('display_links')
			.values({
				token: display,
				name: 'Hall',
				workflow_id: live.shop.workflows.cards,
				department_ids: null
			})
			.execute();
		const tokens = [
			(await createApiKey(live.db, 'ERP', live.shop.users.admin)).token,
			await tokenFor(live.db, live.shop.users.manager),
			display,
			order.trackingToken
		];
		for (const token of tokens) {
			const client = await live.rt.connect({ token }, { origin: '' });
			expect(client.socket.connected).toBe(true);
		}
	});
});

describe('limits per socket and per address', () => {
	it('cuts a flooding socket off while another client’s subscription is answered', async () => {
		const { order } = await placeOrder(live.db, live.shop);
		const flooder = await live.rt.connect();
		const answers: { ok: boolean; error?: { code: string } }[] = [];
		for (let i = 0; i < 1_500; i++)
			flooder.socket.emit(
				'subscribe',
				{ track: order.trackingToken },
				(answer: (typeof answers)[number]) => answers.push(answer)
			);
		const other = await live.rt.connect({
			token: await tokenFor(live.db, live.shop.users.manager)
		});
		const answer = await emitAck(other, 'subscribe', { board: live.shop.workflows.cards });
		expect(answer).toMatchObject({ ok: true, board: { jobs: expect.any(Array) } });
		await waitFor(() => flooder.socket.disconnected, 5_000, 'the flooding socket to be cut off');
		expect(answers.some((a) => a.error?.code === 'too_many_requests')).toBe(true);
		const { perSecond, burst } = SOCKET_LIMITS.events.subscribe;
		expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(perSecond + burst);
		expect(other.socket.connected).toBe(true);
	});

	it('answers too_many_requests past an event’s rate, and the socket stays connected', async () => {
		const client = await live.rt.connect();
		const answers: { ok: boolean; error?: { code: string } }[] = [];
		// In batches below the in-flight cap: a fast client, not a flood.
		for (let batch = 0; batch < 20; batch++) {
			answers.push(
				...(await Promise.all(
					Array.from({ length: 5 }, () =>
						emitAck(client, 'unsubscribe', { board: live.shop.workflows.cards })
					)
				))
			);
		}
		const { perSecond } = SOCKET_LIMITS.events.unsubscribe;
		expect(answers.slice(0, perSecond).every((a) => a.ok)).toBe(true);
		expect(answers.find((a) => !a.ok)).toMatchObject({
			ok: false,
			error: { code: 'too_many_requests', message: expect.any(String) }
		});
		expect(client.socket.connected).toBe(true);
	});

	it('refuses the connection past the cap per address (too_many_connections), and takes one again once one closes', async () => {
		const connectionsPerAddress = live.rt.context.config.socketsPerAddress;
		expect(connectionsPerAddress).toBe(SOCKET_LIMITS.connectionsPerAddress);
		const clients: TestClient[] = [];
		for (let i = 0; i < connectionsPerAddress; i++) clients.push(await live.rt.connect());
		await expect(live.rt.connect()).rejects.toThrow(/^too_many_connections$/);
		clients[0].socket.disconnect();
		await waitFor(
			() =>
				live.rt.connect().then(
					() => true,
					() => false
				),
			5_000,
			'a freed connection slot'
		);
	});

	it('counts addresses as the sign-in throttle does: through ADDRESS_HEADER behind a proxy', async () => {
		const limits = new SocketLimits({ ...SOCKET_LIMITS, connectionsPerAddress: 2 });
		await live.restart({ limits });
		const saved = { ...process.env };
		process.env.ADDRESS_HEADER = 'X-Forwarded-For';
		process.env.XFF_DEPTH = '1';
		try {
			const from = (address: string) =>
				live.rt.connect(undefined, { 'x-forwarded-for': `198.51.100.9, ${address}` });
			await from('203.0.113.1');
			await from('203.0.113.1');
			await expect(from('203.0.113.1')).rejects.toThrow(/^too_many_connections$/);
			await expect(from('203.0.113.2')).resolves.toBeTruthy();
		} finally {
			process.env.ADDRESS_HEADER = saved.ADDRESS_HEADER;
			process.env.XFF_DEPTH = saved.XFF_DEPTH;
			if (saved.ADDRESS_HEADER === undefined) delete process.env.ADDRESS_HEADER;
			if (saved.XFF_DEPTH === undefined) delete process.env.XFF_DEPTH;
		}
	});
});

describe('NUL characters', () => {
	it('refuses a payload with a NUL character anywhere as invalid_input, before it is read', async () => {
		const client = await live.rt.connect({
			token: await tokenFor(live.db, live.shop.users.manager)
		});
		for (const [event, payload] of [
			['subscribe', { track: 'abc\0def' }],
			['unsubscribe', { track: '\0' }],
			['job:move', { jobId: 1, toStageId: 1, note: 'x\0' }],
			['subscribe', { ['board\0']: 1 }]
		] as const) {
			expect(await emitAck(client, event, payload), event).toMatchObject({
				ok: false,
				error: { code: 'invalid_input', message: 'Text may not contain NUL characters.' }
			});
		}
		expect(client.socket.connected).toBe(true);
	});
});
