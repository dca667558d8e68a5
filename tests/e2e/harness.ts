import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/chromium';
import { afterAll, beforeAll, inject } from 'vitest';
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
