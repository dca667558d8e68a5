import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { readConfig } from '../../src/lib/server/config';
import { provideContext, type AppContext } from '../../src/lib/server/context';
import { load } from '../../src/routes/login/+page.server';

const database = useTestDatabase();

/** The login page's data for a visitor, in a shop started with this startup report. */
async function loginPage(startup: AppContext['startup']) {
	const { db, kind } = database.current;
	provideContext({
		config: { ...readConfig({}), demo: startup.demo !== null },
		database: { db, kind, pool: null, close: async () => {} },
		db,
		startup
	});
	return (await load({
		locals: { user: null },
		url: new URL('http://localhost/login')
	} as never)) as { shopName: string; demo: unknown };
}

describe('the login page', () => {
	it('offers a demo shop’s people to sign in as, without its display or tracking links', async () => {
		const demo = {
			password: 'floorboard',
			users: [{ email: 'admin@floorboard.test', name: 'Alex Admin', role: 'admin' }],
			displayToken: 'display-secret',
			trackingToken: 'tracking-secret',
			trackingOrderNumber: 1006
		};
		const page = await loginPage({ demo, initialAdmin: null });
		expect(page.demo).toEqual({
			password: 'floorboard',
			users: [{ email: 'admin@floorboard.test', name: 'Alex Admin', role: 'admin' }]
		});
		expect(JSON.stringify(page)).not.toMatch(/secret/);
	});

	it('offers nobody in a real shop', async () => {
		const page = await loginPage({ demo: null, initialAdmin: null });
		expect(page.demo).toBeNull();
		expect(page.shopName).toBeTruthy();
	});
});
