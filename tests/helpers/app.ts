import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig } from '../../src/lib/server/config';
import { provideContext, type AppContext } from '../../src/lib/server/context';
import type { TestDatabase } from './db';

type KitServer = {
	init(options: {
		env: Record<string, string | undefined>;
		read?: (file: string) => ReadableStream;
	}): Promise<void>;
	respond(request: Request, options: { getClientAddress(): string }): Promise<Response>;
};

let server: Promise<KitServer> | null = null;

/** The built SvelteKit server (`.svelte-kit/output`, written by the build `npm test` runs first), in-process, so REST tests exercise the real routes and hooks. */
async function kitServer(): Promise<KitServer> {
	server ??= (async () => {
		const build = path.resolve('.svelte-kit/output/server');
		const { Server } = await import(
			/* @vite-ignore */ pathToFileURL(path.join(build, 'index.js')).href
		);
		const { manifest } = await import(
			/* @vite-ignore */ pathToFileURL(path.join(build, 'manifest.js')).href
		);
		const instance = new Server(manifest) as KitServer;
		await instance.init({ env: process.env });
		return instance;
	})();
	return server;
}

/**
 * A response body as a test reads it when it names no type: whatever the endpoint under test sent, checked by the
 * test's assertions rather than by the compiler (a wrong field fails the assertion that reads it). Tests that want
 * the compiler's help pass a type (`request<{ order: OrderForViewer }>`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UncheckedBody = any;

export interface ApiResponse<T = UncheckedBody> {
	status: number;
	body: T;
	headers: Headers;
	/** The body as sent, for answers that are not text (a PDF). */
	bytes: Uint8Array;
}

export interface RequestOptions {
	token?: string;
	body?: unknown;
	raw?: string;
	/** A multipart body (file uploads); the request gets its boundary's content type. */
	form?: FormData;
	/** Answer the body as a Buffer (downloads) instead of parsing it. */
	binary?: boolean;
	headers?: Record<string, string>;
	/** Where the request seems to come from: `https://localhost` for a site behind TLS. Default `http://localhost`. */
	origin?: string;
	/** The client's address (`event.getClientAddress()`). Default `127.0.0.1`. */
	clientAddress?: string;
}

export interface TestApp {
	request<T = UncheckedBody>(
		method: string,
		path: string,
		options?: RequestOptions
	): Promise<ApiResponse<T>>;
}

/** Points the app at this test's database (and any other parts of the context given) and returns a client for it. */
export async function createApp(
	database: TestDatabase,
	context: Partial<AppContext> = {}
): Promise<TestApp> {
	provideContext({
		config: { ...readConfig({}), demo: false },
		database: { db: database.db, kind: database.kind, pool: null, close: async () => {} },
		db: database.db,
		...context
	});
	const app = await kitServer();
	return {
		async request(method, path, options = {}) {
			const headers: Record<string, string> = { ...options.headers };
			if (options.token) headers.authorization = `Bearer ${options.token}`;
			let body: string | FormData | undefined = options.form ?? options.raw;
			if (options.body !== undefined) {
				body = JSON.stringify(options.body);
				headers['content-type'] = 'application/json';
			}
			const response = await app.respond(
				new Request(`${options.origin ?? 'http://localhost'}${path}`, { method, headers, body }),
				{
					getClientAddress: () => options.clientAddress ?? '127.0.0.1'
				}
			);
			const bytes = new Uint8Array(await response.arrayBuffer());
			if (options.binary)
				return {
					status: response.status,
					body: Buffer.from(bytes) as never,
					headers: response.headers,
					bytes
				};
			const text = new TextDecoder().decode(bytes);
			let parsed: unknown = text;
			try {
				parsed = text ? JSON.parse(text) : null;
			} catch {
				// HTML pages stay text
			}
			return { status: response.status, body: parsed as never, headers: response.headers, bytes };
		}
	};
}
