import { describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { emitAck, SETTLE_MS, sleep, waitFor, type TestClient } from '../helpers/sockets';
import { hashToken } from '../../src/lib/server/auth/token';
import { invalidateUserSessions, signOut } from '../../src/lib/server/auth/session';
import { updateUser, type UpdateUserInput } from '../../src/lib/server/users/admin';
import { createKey, revokeKey } from '../../src/lib/server/api-keys';
import { createDisplayLink, revokeDisplayLink } from '../../src/lib/server/displays';
import { moveJob } from '../../src/lib/server/jobs/move';
import { getSettings, updateSettings } from '../../src/lib/server/settings';
import { createApp } from '../helpers/app';

/** Issue 14, point 3: ended or narrowed access ends the open sockets at once, and `subscribe` re-reads who asks. */
const live = useLiveShop();

/** A socket subscribed to the Cards board; `disconnectedBy` says why it went, once it has. */
async function watcher(auth: {
	token: string;
}): Promise<TestClient & { disconnectedBy: () => string | null }> {
	const client = await live.rt.connect(auth);
	let reason: string | null = null;
	client.socket.on('disconnect', (why) => (reason = why));
	expect(await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })).toMatchObject({
		ok: true
	});
	return { ...client, disconnectedBy: () => reason };
}

/** Waits (at most 1 s) for the server to end the socket, and returns what it said last. */
async function cutOff(client: Awaited<ReturnType<typeof watcher>>) {
	await waitFor(() => client.disconnectedBy(), 1_000, 'the server to disconnect the socket');
	expect(client.disconnectedBy()).toBe('io server disconnect');
	return client.received.filter((r) => r.event.startsWith('access:'));
}

/**
 * A move every whole-board watcher hears: `control` hears it, so `gone` (cut off before) had its chance and heard
 * nothing — neither about the move nor anything else.
 */
async function expectDeaf(gone: TestClient, control: TestClient) {
	const heardBefore = gone.received.length;
	const { jobs } = await placeOrder(live.db, live.shop);
	const { events } = await moveJob(live.db, await actorFor(live.db, live.shop.users.admin), {
		jobId: jobs[0].id,
		toStageId: live.shop.stages.proof
	});
	live.rt.publish(events);
	await waitFor(
		() => control.payloads('job:updated').some((p) => p.job.id === jobs[0].id),
		5_000,
		'the control socket to hear the move'
	);
	await sleep(SETTLE_MS);
	expect(gone.received.length).toBe(heardBefore);
}

describe('ended access ends the open socket within a second', () => {
	it('signing out ends that session’s sockets, and only those', async () => {
		const token = await tokenFor(live.db, live.shop.users.manager);
		const client = await watcher({ token });
		const otherSession = await watcher({ token: await tokenFor(live.db, live.shop.users.manager) });
		live.rt.publish((await signOut(live.db, hashToken(token))).events);
		expect(await cutOff(client)).toEqual([
			{ event: 'access:ended', payload: { reason: 'session_ended' } }
		]);
		await expectDeaf(client, otherSession);
		expect(otherSession.socket.connected).toBe(true);
	});

	const userChanges: [string, UpdateUserInput][] = [
		['deactivation', { active: false }],
		['a role change', { role: 'staff' }],
		['a new password', { password: 'a brand new password' }]
	];
	for (const [what, change] of userChanges) {
		it(`${what} ends every session’s sockets with session_ended`, async () => {
			const [first, second] = [
				await watcher({ token: await tokenFor(live.db, live.shop.users.manager) }),
				await watcher({ token: await tokenFor(live.db, live.shop.users.manager) })
			];
			const control = await watcher({ token: await tokenFor(live.db, live.shop.users.manager2) });
			live.rt.publish(
				(
					await updateUser(
						live.db,
						await actorFor(live.db, live.shop.users.admin),
						live.shop.users.manager,
						change
					)
				).events
			);
			for (const client of [first, second])
				expect(await cutOff(client)).toEqual([
					{ event: 'access:ended', payload: { reason: 'session_ended' } }
				]);
			await expectDeaf(first, control);
			expect(control.socket.connected).toBe(true);
		});
	}

	// The live.shop is built per test: a change is a function of it.
	const narrowings: [string, () => UpdateUserInput][] = [
		['a visibility change (all → own orders)', () => ({ managerVisibility: 'own' })],
		[
			'an allowed-stages change',
			() => ({ restrictStages: true, allowedStageIds: [live.shop.stages.printing] })
		]
	];
	for (const [what, change] of narrowings) {
		it(`${what} ends the sockets with access:changed (the browser reconnects at once)`, async () => {
			const token = await tokenFor(live.db, live.shop.users.manager);
			const client = await watcher({ token });
			const control = await watcher({ token: await tokenFor(live.db, live.shop.users.admin) });
			live.rt.publish(
				(
					await updateUser(
						live.db,
						await actorFor(live.db, live.shop.users.admin),
						live.shop.users.manager,
						change()
					)
				).events
			);
			expect(await cutOff(client)).toEqual([{ event: 'access:changed', payload: {} }]);
			await expectDeaf(client, control);
		});
	}

	it('a demoted manager’s new connection no longer hears jobs outside their own orders', async () => {
		const token = await tokenFor(live.db, live.shop.users.manager);
		const before = await watcher({ token });
		live.rt.publish(
			(
				await updateUser(
					live.db,
					await actorFor(live.db, live.shop.users.admin),
					live.shop.users.manager,
					{
						managerVisibility: 'own'
					}
				)
			).events
		);
		await cutOff(before);
		const again = await watcher({ token }); // what the browser does on access:changed
		const control = await watcher({ token: await tokenFor(live.db, live.shop.users.admin) });
		await expectDeaf(again, control); // the admin's order has no manager: not in Max's own orders
	});

	it('the live.shop’s default visibility (all → own orders) restarts the sockets of managers who follow it', async () => {
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'all' })
			.where('id', '=', live.shop.users.manager2)
			.execute();
		const follower = await watcher({ token: await tokenFor(live.db, live.shop.users.manager) });
		const ownChoice = await watcher({ token: await tokenFor(live.db, live.shop.users.manager2) });
		const admin = await actorFor(live.db, live.shop.users.admin);
		live.rt.publish(
			(
				await updateSettings(live.db, admin, {
					...(await getSettings(live.db)),
					language: 'en',
					manager_visibility: 'own'
				})
			).events
		);
		expect(await cutOff(follower)).toEqual([{ event: 'access:changed', payload: {} }]);
		await expectDeaf(follower, ownChoice);
		expect(ownChoice.socket.connected).toBe(true);
	});

	it('revoking an API key ends its sockets with api_key_revoked', async () => {
		const admin = await actorFor(live.db, live.shop.users.admin);
		const { key, token } = await createKey(live.db, admin, { name: 'Storefront' });
		const client = await watcher({ token });
		const control = await watcher({ token: await tokenFor(live.db, live.shop.users.admin) });
		live.rt.publish((await revokeKey(live.db, admin, key.id)).events);
		expect(await cutOff(client)).toEqual([
			{ event: 'access:ended', payload: { reason: 'api_key_revoked' } }
		]);
		await expectDeaf(client, control);
	});

	it('revoking a display link ends its screens with display_revoked', async () => {
		const admin = await actorFor(live.db, live.shop.users.admin);
		const { link } = await createDisplayLink(live.db, admin, {
			workflowId: live.shop.workflows.cards,
			name: 'Press hall TV',
			departmentIds: null
		});
		const screen = await watcher({ token: link.token });
		const { link: other } = await createDisplayLink(live.db, admin, {
			workflowId: live.shop.workflows.cards,
			name: 'Office TV',
			departmentIds: null
		});
		const control = await watcher({ token: other.token });
		live.rt.publish((await revokeDisplayLink(live.db, admin, link.id)).events);
		expect(await cutOff(screen)).toEqual([
			{ event: 'access:ended', payload: { reason: 'display_revoked' } }
		]);
		await expectDeaf(screen, control);
		expect(control.socket.connected).toBe(true);
	});
});

describe('through the pages (each route publishes what its service returns)', () => {
	it('/logout, revoking a key and changing a user’s visibility on the admin pages end the sockets', async () => {
		const app = await createApp(live.database.current, { events: live.rt.context.events });
		const post = (path: string, token: string, body: string) =>
			app.request('POST', path, {
				headers: {
					cookie: `session=${token}`,
					'content-type': 'application/x-www-form-urlencoded',
					origin: 'http://localhost',
					'x-sveltekit-action': 'true'
				},
				raw: body
			});
		const token = await tokenFor(live.db, live.shop.users.manager);
		const signedIn = await watcher({ token });
		expect((await post('/logout', token, '')).body).toMatchObject({
			type: 'redirect',
			location: '/login'
		});
		expect(await cutOff(signedIn)).toEqual([
			{ event: 'access:ended', payload: { reason: 'session_ended' } }
		]);

		const adminToken = await tokenFor(live.db, live.shop.users.admin);
		const { key, token: keyToken } = await createKey(
			live.db,
			await actorFor(live.db, live.shop.users.admin),
			{
				name: 'Storefront'
			}
		);
		const storefront = await watcher({ token: keyToken });
		expect((await post('/admin/api-keys?/revoke', adminToken, `id=${key.id}`)).body).toMatchObject({
			type: 'success'
		});
		expect(await cutOff(storefront)).toEqual([
			{ event: 'access:ended', payload: { reason: 'api_key_revoked' } }
		]);

		const manager2 = await watcher({ token: await tokenFor(live.db, live.shop.users.manager2) });
		const form = `id=${live.shop.users.manager2}&name=Mia+Manager&role=manager&managerVisibility=own&active=on`;
		expect((await post('/admin/users?/update', adminToken, form)).body).toMatchObject({
			type: 'success'
		});
		expect(await cutOff(manager2)).toEqual([{ event: 'access:changed', payload: {} }]);
	});
});

describe('subscribe re-reads the identity', () => {
	it('refuses a subscription once the session is gone (even unannounced), then ends the socket with session_ended', async () => {
		const client = await watcher({ token: await tokenFor(live.db, live.shop.users.manager) });
		await invalidateUserSessions(live.db, live.shop.users.manager); // no event: only the re-read can notice
		expect(
			await emitAck(client, 'subscribe', { board: live.shop.workflows.posters })
		).toMatchObject({
			ok: false,
			error: { code: 'unauthorized' }
		});
		expect(await cutOff(client)).toEqual([
			{ event: 'access:ended', payload: { reason: 'session_ended' } }
		]);
	});

	it('subscribes with the visibility the user has now, not the one of the handshake', async () => {
		const client = await live.rt.connect({
			token: await tokenFor(live.db, live.shop.users.manager)
		});
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', live.shop.users.manager)
			.execute(); // unannounced
		expect(await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })).toMatchObject({
			ok: true
		});
		const control = await watcher({ token: await tokenFor(live.db, live.shop.users.admin) });
		await expectDeaf(client, control);
	});

	it('refuses a display whose link was revoked behind its back with display_revoked', async () => {
		const admin = await actorFor(live.db, live.shop.users.admin);
		const { link } = await createDisplayLink(live.db, admin, {
			workflowId: live.shop.workflows.cards,
			name: 'Hall',
			departmentIds: null
		});
		const screen = await watcher({ token: link.token });
		await live.db
			.updateTable('display_links')
			.set({ revoked_at: new Date() })
			.where('id', '=', link.id)
			.execute();
		expect(await emitAck(screen, 'subscribe', { board: live.shop.workflows.cards })).toMatchObject({
			ok: false,
			error: { code: 'unauthorized' }
		});
		expect(await cutOff(screen)).toEqual([
			{ event: 'access:ended', payload: { reason: 'display_revoked' } }
		]);
	});
});
