import pg from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, DEMO_PASSWORD, type RunningServer } from './harness';
import { emitAck, record, sleep, waitFor } from '../helpers/sockets';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';
import type { UncheckedBody } from '../helpers/app';

/**
 * PostgreSQL restarting under load (issue 14): two Floorboard processes keep moving jobs while the database they
 * share is restarted. Neither process may exit, both must answer moves again within 30 s, every move they
 * acknowledged must be in the database afterwards, and live updates must cross processes again. The database is
 * one of this test's own, so restarting it disturbs no other test.
 */
const RECOVERY_MS = 30_000;

interface Card {
	id: number;
	orderId: number;
	stageId: number;
	stateId: number;
	version: number;
}

describe('a PostgreSQL restart under load', () => {
	let postgres: OwnPostgres | undefined;
	let servers: RunningServer[] = [];
	const sockets: Socket[] = [];

	beforeAll(async () => {
		postgres = await startOwnPostgres();
		// The first process migrates and seeds the demo; the second starts on the ready database. No cron: the
		// jobs must move only when this test moves them.
		const env = { DATABASE_URL: postgres.url, FLOORBOARD_DEMO: '1', FLOORBOARD_CRON: 'off' };
		const first = await startServer(env);
		servers = [first, await startServer(env)];
	});

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		for (const server of servers) await server.stop();
		await postgres?.stop();
	});

	async function call<T = UncheckedBody>(
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
		const text = await response.text();
		return {
			status: response.status,
			body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T
		};
	}

	/** Jobs of `sale` orders with two plain stages of their workflow (no meaning, no WIP limit) to move between. */
	async function movableJobs(token: string, count: number) {
		const [states, workflows] = await Promise.all([
			call<{ id: number; key: string }[]>(servers[0], 'GET', '/api/v1/order-states', token),
			call<{ id: number; stages: { id: number; meaning: string; wipLimit: number | null }[] }[]>(
				servers[0],
				'GET',
				'/api/v1/workflows',
				token
			)
		]);
		const sale = states.body.find((state) => state.key === 'sale')!.id;
		const found: { workflowId: number; job: Card; stages: [number, number] }[] = [];
		for (const workflow of workflows.body) {
			const plain = workflow.stages
				.filter((stage) => stage.meaning === 'none' && stage.wipLimit === null)
				.map((stage) => stage.id);
			if (plain.length < 2) continue;
			const board = await call<{ jobs: Card[] }>(
				servers[0],
				'GET',
				`/api/v1/boards/${workflow.id}`,
				token
			);
			for (const job of board.body.jobs) {
				if (job.stateId === sale && found.length < count)
					found.push({ workflowId: workflow.id, job, stages: [plain[0], plain[1]] });
			}
		}
		expect(found.length).toBe(count);
		return found;
	}

	it('keeps both processes up; they answer moves again, lose no acknowledged move, and broadcast across again', async () => {
		const login = await call(servers[0], 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		expect(login.status).toBe(200);
		const token: string = login.body.token;
		const jobs = await movableJobs(token, 4);

		// Each process moves its own two jobs back and forth, as fast as it answers, for the whole test.
		const acknowledged: { jobId: number; reason: string; version: number }[] = [];
		const afterRestart = servers.map(() => 0);
		let restarted = false;
		let stop = false;
		let counter = 0;
		const worker = async (serverIndex: number, mine: typeof jobs) => {
			const server = servers[serverIndex];
			const versions = new Map(mine.map(({ job }) => [job.id, job.version]));
			const at = new Map(mine.map(({ job }) => [job.id, job.stageId]));
			while (!stop) {
				for (const { job, stages } of mine) {
					const version = versions.get(job.id)!;
					const reason = `restart test move ${++counter}`;
					// Always into the other stage: a move within its own stage writes no history row to look for.
					const toStageId = at.get(job.id) === stages[0] ? stages[1] : stages[0];
					const answer = await call(server, 'POST', `/api/v1/jobs/${job.id}/move`, token, {
						toStageId,
						version,
						reason
					}).catch(() => null);
					if (answer?.status === 200) {
						versions.set(job.id, answer.body.job.version);
						at.set(job.id, toStageId);
						acknowledged.push({ jobId: job.id, reason, version: answer.body.job.version });
						if (restarted) afterRestart[serverIndex]++;
						continue;
					}
					// Refused or failed mid-restart (it may have committed or not): read where the job stands now.
					await sleep(200);
					const order = await call<{ jobs: Card[] }>(
						server,
						'GET',
						`/api/v1/orders/${job.orderId}`,
						token
					).catch(() => null);
					const current =
						order?.status === 200 ? order.body.jobs.find((j) => j.id === job.id) : undefined;
					if (current) {
						versions.set(job.id, current.version);
						at.set(job.id, current.stageId);
					}
				}
			}
		};
		const running = [worker(0, jobs.slice(0, 2)), worker(1, jobs.slice(2, 4))];
		try {
			await waitFor(() => acknowledged.length >= 8, 20_000, 'moves before the restart');
			await postgres!.restart();
			restarted = true;
			// Both processes answer moves again well within the limit (a wait with a deadline, not a measured time).
			await waitFor(
				() => afterRestart.every((n) => n >= 3),
				RECOVERY_MS,
				'both processes answering moves after the restart'
			);
		} finally {
			stop = true;
			await Promise.all(running);
		}

		for (const server of servers) expect(server.process.exitCode, server.output()).toBeNull();

		// Every acknowledged move is in the database: its history row, and the job at least at that version.
		const check = new pg.Client({ connectionString: postgres!.url });
		await check.connect();
		try {
			const history = await check.query<{ reason: string }>(
				`select reason from job_events where reason like 'restart test move %'`
			);
			const recorded = new Set(history.rows.map((row) => row.reason));
			expect(acknowledged.filter((move) => !recorded.has(move.reason))).toEqual([]);
			const versions = await check.query<{ id: number; version: number }>(
				`select id, version from jobs where id = any($1)`,
				[jobs.map((j) => j.job.id)]
			);
			for (const move of acknowledged)
				expect(versions.rows.find((row) => row.id === move.jobId)!.version).toBeGreaterThanOrEqual(
					move.version
				);
		} finally {
			await check.end();
		}

		// Live updates cross processes again: the adapter's LISTEN connection came back on process B.
		const { workflowId, job, stages } = jobs[0];
		const socket = ioClient(servers[1].url, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			auth: { token }
		});
		sockets.push(socket);
		const onB = record(socket);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', () => resolve());
			socket.once('connect_error', (error) => reject(new Error(error.message)));
		});
		expect(await emitAck(onB, 'subscribe', { board: workflowId })).toMatchObject({ ok: true });
		// Moves through A, one after another, until B's socket hears one (the adapter reconnects on its own schedule).
		const deadline = Date.now() + RECOVERY_MS;
		while (!onB.payloads('job:updated').some((p) => p.job.id === job.id)) {
			if (Date.now() > deadline)
				throw new Error(
					'no move through process A reached a socket on process B after the restart'
				);
			const current = (
				await call<{ jobs: Card[] }>(servers[0], 'GET', `/api/v1/orders/${job.orderId}`, token)
			).body.jobs.find((j) => j.id === job.id)!;
			const toStageId = current.stageId === stages[0] ? stages[1] : stages[0];
			expect(
				(
					await call(servers[0], 'POST', `/api/v1/jobs/${job.id}/move`, token, {
						toStageId,
						version: current.version
					})
				).status
			).toBe(200);
			await waitFor(
				() => onB.payloads('job:updated').some((p) => p.job.id === job.id),
				2_000,
				'the update on B'
			).catch(() => null);
		}
	});
});
