import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
	io as ioClient,
	type ManagerOptions,
	type Socket,
	type SocketOptions
} from 'socket.io-client';
import { launchBrowser } from '../helpers/chromium';
import { record, type TestClient } from '../helpers/sockets';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { UncheckedBody } from '../helpers/app';

export { launchBrowser };

export interface RunningServer {
	url: string;
	output: () => string;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	process: ChildProcess;
}

/**
 * Starts the built app (build/server.js, compiled from server.ts) on a free port, on its own embedded database in a temporary folder — a
 * copy of the demo shop the global setup seeded — or on `env.DATABASE_URL`, and resolves once it prints its URL.
 * The timed-rule cron is off (cards must not move under a test) unless `env.FLOORBOARD_CRON` turns it on.
 */
export async function startServer(
	env: Record<string, string> = {},
	dataDir?: string
): Promise<RunningServer & { dataDir: string }> {
	const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), 'floorboard-e2e-')));
	if (!dataDir && !env.DATABASE_URL) await cp(inject('demoDataDir'), dir, { recursive: true });
	// The compiled server, as production runs it (`vite build` writes build/server.js beside SvelteKit's handler).
	const child = spawn(process.execPath, [path.resolve('build/server.js')], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			FLOORBOARD_DATA_DIR: dir,
			FLOORBOARD_CRON: 'off',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start in time:\n${log}`)),
			90_000
		);
		const read = (chunk: Buffer) => {
			log += chunk.toString();
			const match = log.match(/running at (http:\/\/\S+)/);
			if (match) {
				clearTimeout(timer);
				resolve(match[1].replace('localhost', '127.0.0.1'));
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${log}`));
		});
	});
	return {
		url,
		dataDir: dir,
		process: child,
		output: () => log,
		async stop(signal = 'SIGTERM') {
			// Already gone (exited, or killed: a signal leaves exitCode null)
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			const exited = new Promise<number | null>((resolve) =>
				child.once('exit', (code) => resolve(code))
			);
			child.kill(signal);
			const code = await exited;
			if (!dataDir) await rm(dir, { recursive: true, force: true });
			return code;
		}
	};
}

export const DEMO_PASSWORD = 'floorboard';

export async function logIn(
	page: Page,
	baseUrl: string,
	email: string,
	password = DEMO_PASSWORD
): Promise<void> {
	await page.goto(`${baseUrl}/login`);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A session token for one of the demo's people, signed in through the REST API. */
export async function tokenFor(baseUrl: string, email = 'admin@floorboard.test'): Promise<string> {
	const { token } = await api<{ token: string }>(baseUrl, 'POST', '/api/v1/auth/login', undefined, {
		email,
		password: DEMO_PASSWORD
	});
	return token;
}

/** A JSON request to a running server's REST API, as an integration would make it. */
export async function api<T = UncheckedBody>(
	baseUrl: string,
	method: string,
	path: string,
	token?: string,
	body?: unknown
): Promise<T> {
	const response = await fetch(baseUrl + path, {
		method,
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return response.json() as Promise<T>;
}

/**
 * A request to a running server's REST API with the answer's status; a body that is not JSON (a probe's text, an
 * error page) comes back as its text.
 */
export async function call<T = UncheckedBody>(
	server: Pick<RunningServer, 'url'>,
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

/**
 * A Socket.IO client of the server at `url`, signed in with an API token, once it has connected (no reconnecting
 * unless `options` say so). It joins `sockets`, which the test file disconnects after its tests.
 */
export async function connectSocket(
	url: string,
	token: string,
	sockets: Socket[],
	options: Partial<ManagerOptions & SocketOptions> = {}
): Promise<TestClient> {
	const socket = ioClient(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		auth: { token },
		...options
	});
	sockets.push(socket);
	const client = record(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(new Error(error.message)));
	});
	return client;
}

/** A job in a `sale` order and a stage of its workflow without meaning or WIP limit: a plain move is allowed. */
export async function movableJob(server: Pick<RunningServer, 'url'>, token: string) {
	const states = await call<{ id: number; key: string }[]>(
		server,
		'GET',
		'/api/v1/order-states',
		token
	);
	expect(states).toMatchObject({ status: 200 });
	const sale = states.body.find((state) => state.key === 'sale')!.id;
	const workflows = await call<
		{ id: number; stages: { id: number; meaning: string; wipLimit: number | null }[] }[]
	>(server, 'GET', '/api/v1/workflows', token);
	expect(workflows).toMatchObject({ status: 200 });
	for (const workflow of workflows.body) {
		const board = await call<{
			jobs: { id: number; stageId: number; stateId: number; version: number }[];
		}>(server, 'GET', `/api/v1/boards/${workflow.id}`, token);
		expect(board.status).toBe(200);
		for (const job of board.body.jobs) {
			if (job.stateId !== sale) continue;
			const target = workflow.stages.find(
				(stage) => stage.meaning === 'none' && stage.wipLimit === null && stage.id !== job.stageId
			);
			if (target) return { workflowId: workflow.id, job, target };
		}
	}
	throw new Error('the demo shop has no movable job');
}

/** A demo server and a browser for the test file, started before its tests and stopped after them. */
export function useDemoApp(): { server: RunningServer; browser: Browser } {
	const app = {} as { server: RunningServer; browser: Browser };
	beforeAll(async () => {
		[app.server, app.browser] = await Promise.all([startServer(), launchBrowser()]);
	});
	afterAll(async () => {
		await app.browser?.close();
		await app.server?.stop();
	});
	return app;
}
