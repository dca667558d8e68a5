import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectSocket, startServer, DEMO_PASSWORD, type RunningServer } from './harness';
import { emitAck, sleep, waitFor } from '../helpers/sockets';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';
import { openDatabase } from '../../src/lib/server/db';
import { seedJobs } from './sweep-seed';
import { isReady, lastSweep, METRICS_TOKEN, ruleStages, until } from './restart-checks';

/**
 * PostgreSQL restarting under load (issues 14 and 18): two Floorboard processes keep moving jobs while the database
 * they share is restarted. Neither process may exit; each answers moves again within 30 s of PostgreSQL being back;
 * every move they acknowledged is in the database afterwards; the timed-rule sweep moves jobs that fell due after the
 * restart exactly once; the outbox delivers a message queued after it; and a board socket opened before it hears a
 * move made through the other process after it. The database is one of this test's own, so restarting it disturbs
 * no other test.
 */
const RECOVERY_MS = 30_000;
const SWEPT = 20;

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
		// The first process migrates and seeds the demo; the second starts on the ready database. Both sweep every two
		// seconds; the jobs the test moves itself sit in stages no timed rule moves from.
		const env = {
			DATABASE_URL: postgres.url,
			FLOORBOARD_DEMO: '1',
			FLOORBOARD_CRON: '*/2 * * * * *',
			FLOORBOARD_METRICS_TOKEN: METRICS_TOKEN
		};
		const first = await startServer(env);
		servers = [first, await startServer(env)];
	});

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		for (const server of servers) await server.stop();
		await postgres?.stop();
	});

	/**
	 * Jobs of `sale` orders with two plain stages of their workflow (no meaning, no WIP limit, no timed rule from
	 * them: the cron runs) to move between.
	 */
	async function movableJobs(token: string, count: number, ruled: ReadonlySet<number>) {
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
				.filter(
					(stage) => stage.meaning === 'none' && stage.wipLimit === null && !ruled.has(stage.id)
				)
				.map((stage) => stage.id);
			if (plain.length < 2) continue;
			const board = await call<{ jobs: Card[] }>(
				servers[0],
				'GET',
				`/api/v1/boards/${workflow.id}`,
				token
			);
			for (const job of board.body.jobs) {
				if (job.stateId === sale && plain.includes(job.stageId) && found.length < count)
					found.push({ workflowId: workflow.id, job, stages: [plain[0], plain[1]] });
			}
		}
		expect(found.length).toBe(count);
		return found;
	}

	/** A query on a connection of its own (the restart ends every connection open across it). */
	async function query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
		const client = new pg.Client({ connectionString: postgres!.url });
		await client.connect();
		try {
			return (await client.query<R>(text, values)).rows;
		} finally {
			await client.end();
		}
	}

	/** A board socket on process B that reconnects by itself and subscribes again whenever it does. */
	async function boardSocketOnB(token: string, board: number) {
		const client = await connectSocket(servers[1].url, token, sockets, {
			reconnection: true,
			reconnectionDelay: 500
		});
		expect(await emitAck(client, 'subscribe', { board })).toMatchObject({ ok: true });
		client.socket.io.on(
			'reconnect',
			() => void emitAck(client, 'subscribe', { board }).catch(() => {})
		);
		return client;
	}

	it('keeps both processes up; moves, every acknowledged move, the sweep, the outbox and live updates come back', async () => {
		const login = await call(servers[0], 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		expect(login.status).toBe(200);
		const token: string = login.body.token;
		const demoRules = await query<{ from_stage_id: number }>(
			'select from_stage_id from timed_rules'
		);
		const jobs = await movableJobs(token, 4, new Set(demoRules.map((r) => r.from_stage_id)));
		// Opened before the restart, and kept open across it.
		const onB = await boardSocketOnB(token, jobs[0].workflowId);

		// Each process moves its own two jobs back and forth, as fast as it answers, for the whole test.
		const acknowledged: { jobId: number; reason: string; version: number }[] = [];
		const afterRestart = servers.map(() => 0);
		const firstAnswerAfter: (number | null)[] = servers.map(() => null);
		let backAt: number | undefined;
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
						if (restarted) {
							afterRestart[serverIndex]++;
							firstAnswerAfter[serverIndex] ??= Date.now();
						}
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
			// `pg_ctl restart -w` returns once PostgreSQL accepts connections again: it is back from here on.
			await postgres!.restart();
			backAt = Date.now();
			restarted = true;
			await until(
				async () => (await Promise.all(servers.map(isReady))).every(Boolean),
				RECOVERY_MS,
				'both processes ready again (/readyz 200)'
			);
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
		// Each process answered a move within 30 s of PostgreSQL being back (the bound, not a speed test).
		for (const first of firstAnswerAfter) expect(first! - backAt!).toBeLessThan(RECOVERY_MS);

		// Every acknowledged move is in the database: its history row, and the job at least at that version.
		const history = await query<{ reason: string }>(
			`select reason from job_events where reason like 'restart test move %'`
		);
		const recorded = new Set(history.map((row) => row.reason));
		expect(acknowledged.filter((move) => !recorded.has(move.reason))).toEqual([]);
		const versions = await query<{ id: number; version: number }>(
			`select id, version from jobs where id = any($1)`,
			[jobs.map((j) => j.job.id)]
		);
		for (const move of acknowledged)
			expect(versions.find((row) => row.id === move.jobId)!.version).toBeGreaterThanOrEqual(
				move.version
			);

		// The socket opened on B before the restart hears a move made through A after it (the adapter's LISTEN
		// connection came back). Moves one after another until it does: the adapter reconnects on its own schedule.
		const { job, stages } = jobs[0];
		const deadline = Date.now() + RECOVERY_MS;
		for (let heard = false; !heard;) {
			if (Date.now() > deadline)
				throw new Error(
					'no move through process A reached the socket on process B after the restart'
				);
			const current = (
				await call<{ jobs: Card[] }>(servers[0], 'GET', `/api/v1/orders/${job.orderId}`, token)
			).body.jobs.find((j) => j.id === job.id)!;
			const toStageId = current.stageId === stages[0] ? stages[1] : stages[0];
			const moved = await call(servers[0], 'POST', `/api/v1/jobs/${job.id}/move`, token, {
				toStageId,
				version: current.version
			});
			expect(moved.status).toBe(200);
			const version: number = moved.body.job.version;
			heard = await waitFor(
				() =>
					onB.payloads('job:updated').some((p) => p.job.id === job.id && p.job.version === version),
				2_000,
				'the update on B'
			).then(
				() => true,
				() => false
			);
		}

		// The sweep resumes: a rule and jobs due under it, both created after the restart, in stages no job above
		// uses; both processes sweep every two seconds, and each job moves once.
		const [{ id: sale }] = await query<{ id: number }>(
			`select id from order_states where key = 'sale'`
		);
		const [{ id: productId }] = await query<{ id: number }>(
			'select id from products where active order by id limit 1'
		);
		const place = await ruleStages(postgres!.url, new Set(jobs.flatMap((j) => j.stages)));
		const [{ id: ruleId }] = await query<{ id: number }>(
			`insert into timed_rules (workflow_id, from_stage_id, to_stage_id, after_amount, after_unit)
			values ($1, $2, $3, 1, 'days') returning id`,
			[place.workflowId, place.from, place.to]
		);
		const database = await openDatabase({ url: postgres!.url });
		const due = await seedJobs(database.db, {
			count: SWEPT,
			workflowId: place.workflowId,
			stageId: place.from,
			productId,
			phase: 'in_production',
			enteredAt: new Date(Date.now() - 2 * 86_400_000),
			stateId: sale,
			tag: 'restart'
		}).finally(() => database.close());
		const outcome = async () =>
			(
				await query<{ jobs: number; moves: number }>(
					`select count(*)::int as jobs, coalesce(sum(moves), 0)::int as moves from (
						select (select count(*) from job_events e where e.job_id = jobs.id and e.kind = 'moved'
							and e.actor_kind = 'rule' and e.actor_id = $1) as moves
						from jobs where id = any($2) and stage_id = $3) as moved`,
					[ruleId, due, place.to]
				)
			)[0];
		await until(async () => (await outcome()).jobs === SWEPT, RECOVERY_MS, 'every due job swept');
		// Twice, each process finishes a sweep after the one it had finished: the second of them started after every
		// job had moved, and moved none again.
		for (let round = 0; round < 2; round++) {
			const before = await Promise.all(servers.map(lastSweep));
			expect(before.every((at) => at > 0)).toBe(true);
			await until(
				async () => (await Promise.all(servers.map(lastSweep))).every((at, i) => at > before[i]),
				20_000,
				'a further sweep of each process'
			);
		}
		expect(await outcome()).toEqual({ jobs: SWEPT, moves: SWEPT });

		// The outbox resumes: the customer's e-mail of an order placed after the restart is delivered (without
		// SMTP_URL the mailer records it locally, which counts as sent).
		const placed = await call(servers[1], 'POST', '/api/v1/orders', token, {
			customer: { name: 'Restart Test', email: 'restart-test@example.com' },
			source: 'api',
			items: [{ productId, title: 'Letterheads', quantity: 10 }]
		});
		expect(placed.status).toBe(201);
		const orderId: number = placed.body.order.id;
		await until(
			async () =>
				(
					await query<{ status: string }>(
						`select status from outbox where order_id = $1 and topic = 'order_commissioned'`,
						[orderId]
					)
				)[0]?.status === 'sent',
			RECOVERY_MS,
			'the e-mail queued after the restart sent'
		);
	}, 240_000); // room for every wait's own deadline, so a failure names what did not come back
});
