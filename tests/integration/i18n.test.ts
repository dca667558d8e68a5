import { beforeEach, describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { resolvePageLocale } from '../../src/lib/server/locale';
import { setSetting } from '../../src/lib/server/settings';

const database = useTestDatabase();
let app: TestApp;
let shop: Shop;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
});

const language = async (userId: number) =>
	(
		await database.current.db
			.selectFrom('users')
			.select('language')
			.where('id', '=', userId)
			.executeTakeFirstOrThrow()
	).language;

/** The header's switch, as the browser posts it (same origin: SvelteKit refuses cross-site form posts). */
const switchLanguage = (token: string | undefined, body: string) =>
	app.request('POST', '/language', {
		token,
		raw: body,
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }
	});

describe('choosing the language', () => {
	it('resolves staff pages: the user’s language, else the shop’s, else the browser’s', async () => {
		const { db } = database.current;
		const url = new URL('http://localhost/boards/1');
		const browser = 'de-DE,ru;q=0.8';
		expect(
			await resolvePageLocale(db, { user: { language: 'cs' }, url, acceptLanguage: browser })
		).toMatchObject({ locale: 'cs' });
		expect(
			await resolvePageLocale(db, { user: { language: null }, url, acceptLanguage: browser })
		).toMatchObject({ locale: 'en' });
		await setSetting(db, 'language', 'ru');
		await setSetting(db, 'time_zone', 'Europe/Prague');
		await setSetting(db, 'currency', 'CZK');
		expect(await resolvePageLocale(db, { user: null, url, acceptLanguage: 'cs' })).toEqual({
			locale: 'ru',
			timeZone: 'Europe/Prague',
			currency: 'CZK'
		});
		// A stored shop language this version does not speak falls through to the browser.
		await setSetting(db, 'language', 'de');
		expect(await resolvePageLocale(db, { user: null, url, acceptLanguage: browser })).toMatchObject(
			{ locale: 'ru' }
		);
		expect(
			await resolvePageLocale(db, {
				user: null,
				url,
				acceptLanguage: 'de',
				timeZoneOverride: 'America/New_York'
			})
		).toEqual({ locale: 'en', timeZone: 'America/New_York', currency: 'CZK' });
	});

	it('resolves the tracking page: ?lang=, else the customer’s language, else the browser’s, else the shop’s', async () => {
		const { db } = database.current;
		const { order } = await placeOrder(db, shop, {
			customer: { name: 'Olga', email: 'olga@example.com', language: 'ru' }
		});
		const { order: other } = await placeOrder(db, shop, {
			customer: { name: 'Eva', email: 'eva@example.com' }
		});
		const track = (token: string, query = '') => new URL(`http://localhost/track/${token}${query}`);
		expect(
			(
				await resolvePageLocale(db, {
					user: null,
					url: track(order.trackingToken, '?lang=cs'),
					acceptLanguage: 'en'
				})
			).locale
		).toBe('cs');
		expect(
			(
				await resolvePageLocale(db, {
					user: null,
					url: track(order.trackingToken, '?lang=xx'),
					acceptLanguage: 'en'
				})
			).locale
		).toBe('ru');
		expect(
			(
				await resolvePageLocale(db, {
					user: null,
					url: track(other.trackingToken),
					acceptLanguage: 'cs-CZ'
				})
			).locale
		).toBe('cs');
		await setSetting(db, 'language', 'ru');
		expect(
			(
				await resolvePageLocale(db, {
					user: null,
					url: track(other.trackingToken),
					acceptLanguage: null
				})
			).locale
		).toBe('ru');
	});

	it('saves a signed-in user’s choice and goes back to the page', async () => {
		const token = await tokenFor(database.current.db, shop.users.manager);
		const saved = await switchLanguage(token, 'language=cs&redirectTo=%2Fboards%2F1%3Fq%3Dx');
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe('/boards/1?q=x');
		expect(await language(shop.users.manager)).toBe('cs');
		// The pages themselves (<html lang>, the text) are checked in Chromium: tests/e2e/i18n.test.ts.
		// Only same-site redirects.
		expect(
			(await switchLanguage(token, 'language=ru&redirectTo=%2F%2Fevil.example')).headers.get(
				'location'
			)
		).toBe('/');
	});

	it('refuses an unknown language or a visitor without a session, and writes nothing', async () => {
		const token = await tokenFor(database.current.db, shop.users.manager);
		const before = await tableCounts(database.current.db);
		const languageBefore = await language(shop.users.manager);
		expect((await switchLanguage(token, 'language=de')).status).toBe(400);
		expect((await switchLanguage(token, '')).status).toBe(400);
		const anonymous = await switchLanguage(undefined, 'language=cs');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/login/);
		expect(await tableCounts(database.current.db)).toEqual(before);
		expect(await language(shop.users.manager)).toBe(languageBefore);
	});

	it('keeps the REST API in English and adds the refusal as a catalogue message', async () => {
		const token = await tokenFor(database.current.db, shop.users.staff);
		await switchLanguage(token, 'language=cs');
		const { jobs } = await placeOrder(database.current.db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 100 }]
		});
		const refused = await app.request('POST', `/api/v1/jobs/${jobs[0].id}/move`, {
			token,
			body: { toStageId: shop.stages.proof }
		});
		expect(refused.status).toBe(403);
		expect(refused.body.error).toMatchObject({
			code: 'forbidden',
			message: 'You may not move jobs into this stage; you may move them into: Printing, Cutting',
			details: {
				reason: 'limits',
				i18n: { key: 'refusal_stage_not_allowed_named', params: { stages: 'Printing, Cutting' } }
			}
		});
	});
});
