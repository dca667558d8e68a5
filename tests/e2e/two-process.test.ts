import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	call,
	connectSocket,
	movableJob,
	startServer,
	DEMO_PASSWORD,
	type RunningServer
} from './harness';
import { boardOf, emitAck, waitFor } from '../helpers/sockets';
import { createScratchDatabase } from '../helpers/scratch-database';

/**
 * Two Floorboard processes on one PostgreSQL: a move made through process A reaches a socket connected to
 * process B, which only works if the broadcast crosses processes through @socket.io/postgres-adapter.
 */
const base = process.env.TEST_DATABASE_URL;

describe.skipIf(!base)('two processes on one PostgreSQL', () => {
	let url: string;
	let dropDatabase: (() => Promise<void>) | undefined;
	let serverA: RunningServer | undefined;
	let serverB: RunningServer | undefined;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		({ url, drop: dropDatabase } = await createScratchDatabase(base!, 'fb_twoproc'));
		// The first process migrates and seeds the demo; the second starts on the ready database.
		serverA = await startServer({ DATABASE_URL: url, FLOORBOARD_DEMO: '1' });
		serverB = await startServer({ DATABASE_URL: url, FLOORBOARD_DEMO: '1' });
	});

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await serverB?.stop();
		await serverA?.stop();
		await dropDatabase?.();
	});

	it('broadcasts a move made through process A to a socket on process B', async () => {
		const login = await call(serverA!, 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		expect(login.status).toBe(200);
		const token: string = login.body.token;
		const { workflowId, job, target } = await movableJob(serverA!, token);

		const onB = await connectSocket(serverB!.url, token, sockets);
		const subscribed = await emitAck(onB, 'subscribe', { board: workflowId });
		expect(subscribed).toMatchObject({ ok: true });
		expect(boardOf(subscribed).jobs.map((card) => card.id)).toContain(job.id);

		const moved = await call(serverA!, 'POST', `/api/v1/jobs/${job.id}/move`, token, {
			toStageId: target.id,
			version: job.version
		});
		expect(moved).toMatchObject({ status: 200, body: { job: { id: job.id, stageId: target.id } } });

		const update = await waitFor(
			() =>
				onB.payloads('job:updated').find((p) => p.job.id === job.id && p.job.stageId === target.id)
					?.job,
			10_000,
			`job:updated of job ${job.id} on process B`
		);
		expect(update).toMatchObject({ id: job.id, stageId: target.id, version: job.version + 1 });
	});

	it('ends a socket on process B at once when its session signs out on process A', async () => {
		const login = await call(serverA!, 'POST', '/api/v1/auth/login', undefined, {
			email: 'manager@floorboard.test',
			password: DEMO_PASSWORD
		});
		const token: string = login.body.token;
		const onB = await connectSocket(serverB!.url, token, sockets);
		let reason: string | null = null;
		onB.socket.on('disconnect', (why) => (reason = why));
		const out = await fetch(`${serverA!.url}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie: `session=${token}`,
				origin: serverA!.url,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html'
			},
			body: ''
		});
		expect(out.status).toBe(303);
		await waitFor(() => reason, 5_000, 'process B to disconnect the signed-out socket');
		expect(reason).toBe('io server disconnect');
		expect(onB.payloads('access:ended')).toEqual([{ reason: 'session_ended' }]);
	});
});
