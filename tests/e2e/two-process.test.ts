import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, DEMO_PASSWORD, type RunningServer } from './harness';
import { boardOf, emitAck, record, waitFor } from '../helpers/sockets';
import { createScratchDatabase } from '../helpers/scratch-database';
import type { UncheckedBody } from '../helpers/app';

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

	async function api<T = UncheckedBody>(
		server: RunningServer,
		method: string,
		path: string,
		token?: string,
		body?: unknown
	): Promise<{ status: number; body: T }> {
		const response = await fetch(`${server.url}${path}`, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		return { status: response.status, body: (await response.json()) as T };
	}

	function connect(server: RunningServer, token: string): Promise<ReturnType<typeof record>> {
		const socket = ioClient(server.url, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			auth: { token }
		});
		sockets.push(socket);
		const client = record(socket);
		return new Promise((resolve, reject) => {
			socket.once('connect', () => resolve(client));
			socket.once('connect_error', (error) => reject(new Error(error.message)));
		});
	}

	/** A job in a `sale` order and a stage of its workflow without meaning or WIP limit: a plain move is allowed. */
	async function movableJob(token: string) {
		const states = await api<{ id: number; key: string }[]>(
			serverA!,
			'GET',
			'/api/v1/order-states',
			token
		);
		expect(states).toMatchObject({ status: 200 });
		const sale = states.body.find((state) => state.key === 'sale')!.id;
		const workflows = await api<
			{ id: number; stages: { id: number; meaning: string; wipLimit: number | null }[] }[]
		>(serverA!, 'GET', '/api/v1/workflows', token);
		expect(workflows).toMatchObject({ status: 200 });
		for (const workflow of workflows.body) {
			const board = await api(serverA!, 'GET', `/api/v1/boards/${workflow.id}`, token);
			expect(board.status).toBe(200);
			for (const job of board.body.jobs as {
				id: number;
				stageId: number;
				stateId: number;
				version: number;
			}[]) {
				if (job.stateId !== sale) continue;
				const target = workflow.stages.find(
					(stage) => stage.meaning === 'none' && stage.wipLimit === null && stage.id !== job.stageId
				);
				if (target) return { workflowId: workflow.id, job, target };
			}
		}
		throw new Error('the demo shop has no movable job');
	}

	it('broadcasts a move made through process A to a socket on process B', async () => {
		const login = await api(serverA!, 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		expect(login.status).toBe(200);
		const token: string = login.body.token;
		const { workflowId, job, target } = await movableJob(token);

		const onB = await connect(serverB!, token);
		const subscribed = await emitAck(onB, 'subscribe', { board: workflowId });
		expect(subscribed).toMatchObject({ ok: true });
		expect(boardOf(subscribed).jobs.map((card) => card.id)).toContain(job.id);

		const moved = await api(serverA!, 'POST', `/api/v1/jobs/${job.id}/move`, token, {
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
		const login = await api(serverA!, 'POST', '/api/v1/auth/login', undefined, {
			email: 'manager@floorboard.test',
			password: DEMO_PASSWORD
		});
		const token: string = login.body.token;
		const onB = await connect(serverB!, token);
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
