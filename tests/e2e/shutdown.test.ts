import { createServer } from 'node:net';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
	call,
	connectSocket,
	movableJob,
	startServer,
	DEMO_PASSWORD,
	type RunningServer
} from './harness';
import { waitFor } from '../helpers/sockets';
import { openDatabase } from '../../src/lib/server/db';

/**
 * The compiled server as production runs it (build/server.js, plain node): its probes, its metrics on the app's
 * port (token) and on a port of their own, its logs, and a SIGTERM with a move under way — the move commits and is
 * answered, the socket hears `server:shutdown`, and the process exits 0 within 10 s.
 */
const METRICS_TOKEN = 'metrics-e2e-token';

describe('the production server', () => {
	let server: RunningServer;
	let dataDir: string;
	let metricsPort: number;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(tmpdir(), 'floorboard-e2e-shutdown-'));
		await cp(inject('demoDataDir'), dataDir, { recursive: true });
		metricsPort = await freePort();
		server = await startServer(
			{ FLOORBOARD_METRICS_TOKEN: METRICS_TOKEN, FLOORBOARD_METRICS_PORT: String(metricsPort) },
			dataDir
		);
	});

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		await server?.stop();
		await rm(dataDir, { recursive: true, force: true });
	});

	async function signIn(): Promise<string> {
		const login = await call<{ token: string }>(server, 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		expect(login.status).toBe(200);
		return login.body.token;
	}

	it('prints its start-up time, answers the probes and metrics, and logs requests as JSON lines', async () => {
		expect(server.output()).toMatch(/running at http:\/\/\S+ \(started in \d+\.\d s\)/);
		expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
		const ready = await fetch(`${server.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ ready: true, failed: [] });

		expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
		const scraped = await fetch(`${server.url}/metrics`, {
			headers: { authorization: `Bearer ${METRICS_TOKEN}` }
		});
		expect(scraped.status).toBe(200);
		expect(await scraped.text()).toContain('nodejs_eventloop_lag_seconds');
		const ownPort = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
			headers: { authorization: `Bearer ${METRICS_TOKEN}` }
		});
		expect(ownPort.status).toBe(200);
		expect(await ownPort.text()).toContain('floorboard_outbox_backlog_messages');
		expect((await fetch(`http://127.0.0.1:${metricsPort}/login`)).status).toBe(404);

		await signIn();
		const line = await waitFor(
			() =>
				server
					.output()
					.split('\n')
					.filter((text) => text.startsWith('{'))
					.map((text) => JSON.parse(text))
					.find((entry) => entry.route === '/api/v1/auth/login'),
			5_000,
			'the log line of the sign-in request'
		);
		expect(line).toMatchObject({ msg: 'request', method: 'POST', status: 200 });
		expect(line.reqId).toEqual(expect.any(String));
		expect(line.durationMs).toEqual(expect.any(Number));
		// Ids only: neither the e-mail address nor the password reaches the log.
		expect(server.output()).not.toContain('admin@floorboard.test",');
		expect(server.output()).not.toContain(DEMO_PASSWORD + '"');
	});

	it('on SIGTERM commits and answers the move under way, tells the socket, and exits 0 within 10 s', async () => {
		const token = await signIn();
		const { workflowId, job, target } = await movableJob(server, token);
		const client = await connectSocket(server.url, token, sockets);
		let reason: string | null = null;
		client.socket.on('disconnect', (why) => (reason = why));
		const subscribed = await client.socket.emitWithAck('subscribe', { board: workflowId });
		expect(subscribed).toMatchObject({ ok: true });

		// The move leaves this process before the signal does, so the server has it when SIGTERM arrives.
		const engine = client.socket.io.engine;
		const flushed = new Promise<void>((resolve) => engine.once('drain', () => resolve()));
		const answer = client.socket
			.timeout(10_000)
			.emitWithAck('job:move', { jobId: job.id, toStageId: target.id, version: job.version });
		await flushed;
		const signalled = Date.now();
		const code = await server.stop('SIGTERM');
		const took = Date.now() - signalled;

		expect(code).toBe(0);
		expect(took).toBeLessThan(10_000);
		expect(await answer).toMatchObject({ ok: true, job: { id: job.id, stageId: target.id } });
		expect(client.payloads('server:shutdown')).toEqual([{}]);
		await waitFor(() => reason, 5_000, 'the disconnect');
		expect(reason).toBe('io server disconnect');
		expect(server.output()).toContain('Shut down cleanly');

		const database = await openDatabase({ url: null, dataDir });
		try {
			const row = await database.db
				.selectFrom('jobs')
				.select(['stage_id', 'version'])
				.where('id', '=', job.id)
				.executeTakeFirstOrThrow();
			expect(row).toEqual({ stage_id: target.id, version: job.version + 1 });
		} finally {
			await database.close();
		}
	});
});

/** A port nothing listens on now (the metrics port must be given as a number). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}
