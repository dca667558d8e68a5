import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'devalue';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { moveScannedJob, scanJob } from '../../src/lib/server/jobs/scan';
import type { Actor } from '../../src/lib/domain/scope';

/** Issue 20, point 4: a ticket's code opens its job for the people who may see it, and moves it with one tap. */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let actors: Record<'admin' | 'staff' | 'contractorA' | 'contractorB', Actor>;

beforeEach(async () => {
	const { db } = database.current;
	app = await createApp(database.current);
	shop = await buildShop(db);
	actors = {
		admin: await actorFor(db, shop.users.admin),
		staff: await actorFor(db, shop.users.staff),
		contractorA: await actorFor(db, shop.users.contractorA),
		contractorB: await actorFor(db, shop.users.contractorB)
	};
});

/** A commissioned line in Placed, assigned to contractor A, and its scan code. */
async function scannedLine(overrides: Parameters<typeof placeOrder>[2] = {}) {
	const { db } = database.current;
	const { order, jobs } = await placeOrder(db, shop, {
		items: [{ productId: shop.products.businessCards, title: 'Business cards Eva', quantity: 250 }],
		...overrides
	});
	if (jobs[0].stageId !== null)
		await updateJob(db, actors.admin, jobs[0].id, { contractorId: shop.users.contractorA });
	const { scan_code: code } = await db
		.selectFrom('jobs')
		.select('scan_code')
		.where('id', '=', jobs[0].id)
		.executeTakeFirstOrThrow();
	return { order, job: jobs[0], code };
}

const stageIds = (options: { stageId: number }[]) => options.map((option) => option.stageId);
const notFoundBody = { error: { code: 'not_found', message: 'No job with this code for you.' } };

describe('scanning a ticket', () => {
	it('offers each role the stages ahead it may use, whether the link or the bare code was read', async () => {
		const { db } = database.current;
		const { job, code } = await scannedLine();
		const s = shop.stages;
		const admin = await scanJob(db, actors.admin, `https://board.example.com/j/${code}`);
		expect(admin).toMatchObject({ code, stageName: 'Placed', stateName: expect.any(String) });
		expect(admin.job).toMatchObject({
			id: job.id,
			title: 'Business cards Eva',
			customerName: 'Cleo Customer'
		});
		expect(stageIds(admin.next)).toEqual([s.proof, s.printing, s.cutting, s.shipped, s.issued]);
		expect(stageIds(admin.others)).toEqual([s.cancelled]);

		const staff = await scanJob(db, actors.staff, code);
		expect(stageIds(staff.next)).toEqual([s.printing, s.cutting]);
		expect(staff.others).toEqual([]);

		const contractor = await scanJob(db, actors.contractorA, code.toUpperCase());
		expect(contractor.job.id).toBe(job.id);
		expect(contractor.job).not.toHaveProperty('customerName');
		expect(contractor.next.length).toBeGreaterThan(0);
	});

	it('says the same for an unknown code, a malformed one and another contractor’s job', async () => {
		const { db } = database.current;
		const { code } = await scannedLine();
		const refusals = await Promise.all(
			[
				[actors.contractorB, code],
				[actors.admin, 'f'.repeat(64)],
				[actors.admin, 'not-a-code'],
				[
					actors.admin,
					String((await db.selectFrom('jobs').select('id').executeTakeFirstOrThrow()).id)
				]
			].map(([actor, text]) =>
				scanJob(db, actor as Actor, text as string).then(
					() => null,
					(error) => ({ code: error.code, message: error.message })
				)
			)
		);
		expect(new Set(refusals.map((r) => JSON.stringify(r)))).toEqual(
			new Set([JSON.stringify({ code: 'not_found', message: 'No job with this code for you.' })])
		);
	});

	it('answers over REST with the same scope: the job for its people, one 404 for everyone else', async () => {
		const { db } = database.current;
		const { job, code } = await scannedLine();
		const contractorA = await tokenFor(db, shop.users.contractorA);
		const contractorB = await tokenFor(db, shop.users.contractorB);
		const own = await app.request('GET', `/api/v1/scan/${code}`, { token: contractorA });
		expect(own.status).toBe(200);
		expect(own.body.job.id).toBe(job.id);
		const foreign = await refusedRequest(
			app,
			db,
			['GET', `/api/v1/scan/${code}`, { token: contractorB }],
			404
		);
		const unknown = await refusedRequest(
			app,
			db,
			['GET', `/api/v1/scan/${'0'.repeat(64)}`, { token: contractorB }],
			404
		);
		expect(foreign.body).toEqual(notFoundBody);
		expect(unknown.body).toEqual(notFoundBody);
		await refusedRequest(app, db, ['GET', `/api/v1/scan/${code}`, {}], 401);
	});
});

describe('one tap on a scanned ticket', () => {
	it('moves the job through the move service, and the refusal rules hold', async () => {
		const { db } = database.current;
		const { job, code } = await scannedLine();
		const s = shop.stages;
		const moved = await moveScannedJob(db, actors.staff, code, {
			toStageId: String(s.printing),
			version: String(job.version + 1) // the assignment bumped it
		});
		expect(moved.job).toMatchObject({ id: job.id, stageId: s.printing, phase: 'in_production' });
		const history = await db
			.selectFrom('job_events')
			.select(['actor_id', 'to_stage_id'])
			.where('job_id', '=', job.id)
			.where('kind', '=', 'moved')
			.execute();
		expect(history).toEqual([{ actor_id: shop.users.staff, to_stage_id: s.printing }]);

		const before = await tableCounts(db);
		await expect(
			moveScannedJob(db, actors.staff, code, { toStageId: s.shipped })
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			moveScannedJob(db, actors.admin, code, { toStageId: s.cutting, version: 0 })
		).rejects.toMatchObject({ code: 'version_conflict' });
		await expect(
			moveScannedJob(db, actors.contractorB, code, { toStageId: s.cutting })
		).rejects.toMatchObject({ code: 'not_found', message: 'No job with this code for you.' });
		await expect(
			moveScannedJob(db, actors.admin, code, { toStageId: shop.posterStages[1] })
		).rejects.toMatchObject({ code: 'invalid_stage' });
		expect(await tableCounts(db)).toEqual(before);
	});

	it('offers nothing for a draft’s line, and refuses to move it', async () => {
		const { db } = database.current;
		const { code } = await scannedLine({ draft: true });
		const scan = await scanJob(db, actors.admin, code);
		expect(scan).toMatchObject({ stageName: null, next: [], others: [] });
		await expect(
			moveScannedJob(db, actors.admin, code, { toStageId: shop.stages.proof })
		).rejects.toMatchObject({ code: 'order_is_draft' });
	});
});

describe('the /j/<code> page', () => {
	const form = {
		'content-type': 'application/x-www-form-urlencoded',
		origin: 'http://localhost',
		'x-sveltekit-action': 'true',
		accept: 'application/json'
	};

	it('sends a signed-out phone to sign in and back, and shows a signed-in one the job and its next stages', async () => {
		const { db } = database.current;
		const { code } = await scannedLine();
		const signedOut = await app.request('GET', `/j/${code}`, { headers: { accept: 'text/html' } });
		expect(signedOut.status).toBe(303);
		expect(signedOut.headers.get('location')).toBe(
			`/login?redirectTo=${encodeURIComponent(`/j/${code}`)}`
		);

		const staff = await tokenFor(db, shop.users.staff);
		const page = await app.request('GET', `/j/${code}`, { token: staff });
		expect(page.status).toBe(200);
		expect(page.body).toContain('Business cards Eva');
		expect(page.body).toContain(`data-stage-id="${shop.stages.printing}"`);
		expect(page.body).not.toContain(`data-stage-id="${shop.stages.shipped}"`);
	});

	it('tells a contractor with another’s code what it tells anyone with an unknown one, and nothing more', async () => {
		const { db } = database.current;
		const { order, code } = await scannedLine();
		const contractorB = await tokenFor(db, shop.users.contractorB);
		for (const path of [`/j/${code}`, `/j/${'0'.repeat(64)}`, '/j/42']) {
			const page = await app.request('GET', path, { token: contractorB });
			expect(page.status, path).toBe(200);
			expect(page.body).toContain('No job with this code for you.');
			expect(page.body).not.toContain('Business cards Eva');
			expect(page.body).not.toContain(`Order ${order.number}`);
		}
		const before = await tableCounts(db);
		const tap = await app.request('POST', `/j/${code}?/move`, {
			token: contractorB,
			headers: form,
			raw: `toStageId=${shop.stages.proof}`
		});
		expect(tap.body).toMatchObject({ type: 'failure', status: 404 });
		expect(await tableCounts(db)).toEqual(before);
	});

	it('moves the job with a tap, and shows the refusal of a stage the person may not use', async () => {
		const { db } = database.current;
		const { job, code } = await scannedLine();
		const staff = await tokenFor(db, shop.users.staff);
		const tap = await app.request('POST', `/j/${code}?/move`, {
			token: staff,
			headers: form,
			raw: `toStageId=${shop.stages.printing}&version=${job.version + 1}`
		});
		expect(tap.body).toMatchObject({ type: 'success', status: 200 });
		expect(parse(tap.body.data).job).toMatchObject({ id: job.id, stageId: shop.stages.printing });
		const refused = await app.request('POST', `/j/${code}?/move`, {
			token: staff,
			headers: form,
			raw: `toStageId=${shop.stages.issued}`
		});
		expect(refused.body).toMatchObject({ type: 'failure', status: 403 });
		expect(parse(refused.body.data).error).toEqual(expect.any(String));
	});
});
