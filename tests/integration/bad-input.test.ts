import { beforeEach, describe, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';

/**
 * Each bad input the security review found answering 500 (issue 14): every one must get a clear 4xx with
 * `{error: {code, message}}` and leave every table as it was.
 */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: string;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
});

/** Runs a request that must fail and checks it wrote nothing (tests/helpers/refusal.ts). */
const refused = (
	method: string,
	path: string,
	options: Parameters<TestApp['request']>[2],
	status: number,
	code?: string
) => refusedRequest(app, database.current.db, [method, path, options], status, code);

const order = (overrides: Record<string, unknown> = {}) => ({
	customer: { name: 'Dana Doe', email: 'dana@example.com' },
	source: 'api',
	items: [{ productId: shop.products.flyers, title: 'Flyers A5', quantity: 1000 }],
	...overrides
});

describe('NUL characters', () => {
	it('are refused in any JSON text, key or nested value', async () => {
		await refused(
			'POST',
			'/api/v1/orders',
			{
				token: admin,
				body: order({ customer: { name: 'Dana\u0000', email: 'dana@example.com' } })
			},
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: order({ notes: 'a\u0000b' }) },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: { ...order(), 'x\u0000': 1 } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{
				token: admin,
				body: order({ items: [{ productId: shop.products.flyers, title: '\u0000', quantity: 1 }] })
			},
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ body: { email: 'admin@shop.test\u0000', password: 'x' } },
			400,
			'invalid_input'
		);
	});

	it('are refused in paths and query strings, before any query runs', async () => {
		await refused('GET', '/api/v1/track/abc%00def', {}, 400);
		await refused('GET', '/api/v1/orders/1%00', { token: admin }, 400);
		await refused('GET', '/api/v1/notifications?limit=%00', { token: admin }, 400);
	});

	it('are refused in a move reason', async () => {
		const { jobs } = await placeOrder(database.current.db, shop);
		await refused(
			'POST',
			`/api/v1/jobs/${jobs[0].id}/move`,
			{ token: admin, body: { toStageId: shop.stages.printing, reason: 'rush\u0000' } },
			400,
			'invalid_input'
		);
	});
});

describe('dates, ids, numbers and tokens out of range', () => {
	it('refuses due dates outside 1900–2200 and malformed ones', async () => {
		for (const dueAt of [
			'0000-01-01T00:00:00Z',
			'9999-12-31T00:00:00Z',
			'1899-12-31T23:59:59Z',
			'2026-13-01T00:00:00Z',
			'tomorrow'
		]) {
			await refused(
				'POST',
				'/api/v1/orders',
				{ token: admin, body: order({ dueAt }) },
				400,
				'invalid_input'
			);
		}
	});

	it('refuses an order total a money column cannot hold', async () => {
		const items = [
			{
				productId: shop.products.flyers,
				title: 'Gold leaf',
				quantity: 1_000_000_000,
				unitPrice: 1_000_000_000
			}
		];
		await refused('POST', '/api/v1/orders', { token: admin, body: order({ items }) }, 422);
	});

	it('answers ids past a 32-bit integer as not found or invalid, never 500', async () => {
		await refused('GET', '/api/v1/orders/99999999999999999999', { token: admin }, 404, 'not_found');
		await refused('GET', '/api/v1/boards/2147483648', { token: admin }, 404, 'not_found');
		await refused(
			'POST',
			'/api/v1/jobs/2147483648/move',
			{ token: admin, body: { toStageId: shop.stages.printing } },
			404,
			'not_found'
		);
		const { jobs } = await placeOrder(database.current.db, shop);
		await refused(
			'POST',
			`/api/v1/jobs/${jobs[0].id}/move`,
			{ token: admin, body: { toStageId: 2 ** 31 } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			`/api/v1/jobs/${jobs[0].id}/move`,
			{ token: admin, body: { toStageId: shop.stages.printing, version: 2 ** 40 } },
			409,
			'version_conflict'
		);
		await refused(
			'PATCH',
			`/api/v1/jobs/${jobs[0].id}`,
			{ token: admin, body: { contractorId: 2 ** 31 } },
			400,
			'invalid_input'
		);
	});

	it('answers tracking tokens of the wrong shape as not found', async () => {
		await refused('GET', `/api/v1/track/${'a'.repeat(5000)}`, {}, 404, 'not_found');
		await refused('GET', '/api/v1/track/..%2F..%2Fetc', {}, 404, 'not_found');
	});
});
