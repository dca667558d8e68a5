import { EventEmitter } from 'node:events';
import { readConfig, type Config } from './config';
import { openDatabase, type DatabaseHandle, type DB } from './db';
import { migrateToLatest } from './db/migrate';
import { ensureBaseData } from './setup';
import type { DomainEvent } from './events';
import { LoginThrottle } from './auth/rate-limit';
import { metrics } from './ops/metrics';

/**
 * The one process-wide context: configuration, database, and the bus on which services' events are published.
 * Kept on globalThis under a registered symbol because server.ts (run by tsx) and the SvelteKit bundle each
 * load their own copy of this module; both must share one database (PGlite allows one client per folder).
 */
export interface AppContext {
	config: Config;
	database: DatabaseHandle;
	db: DB;
	events: EventBus;
	startup: StartupReport;
	/** This process's sign-in throttle (per account and address); tests provide one on their own clock. */
	loginThrottle: LoginThrottle;
	/** Where the HTTP server listens (`http://localhost:41234`), once it does: links in messages when ORIGIN is unset. */
	listeningUrl?: string | null;
}

export interface StartupReport {
	demo: import('./seed/demo').DemoSummary | null;
	initialAdmin: { email: string; password: string } | null;
}

export class EventBus {
	readonly #emitter = new EventEmitter().setMaxListeners(100);
	/** Hands committed service events to every listener (the real-time layer, webhooks). */
	publish(events: readonly DomainEvent[]): void {
		if (events.length === 0) return;
		const counter = metrics().eventsPublished;
		for (const event of events) counter.inc({ type: event.type });
		this.#emitter.emit('events', events);
	}
	subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
		this.#emitter.on('events', listener);
		return () => this.#emitter.off('events', listener);
	}
}

const KEY = Symbol.for('floorboard.context');
type Slot = { pending?: Promise<AppContext>; ready?: AppContext };
const slot: Slot = ((globalThis as Record<symbol, unknown>)[KEY] ??= {}) as Slot;

/** Opens the database, migrates, and seeds the demo when asked; once per process, whoever calls first. */
export function initContext(config: Config = readConfig()): Promise<AppContext> {
	slot.pending ??= createContext(config).then((context) => (slot.ready = context));
	return slot.pending;
}

/** Installs a ready context (tests run the app in-process on their own database). */
export function provideContext(
	context: Omit<AppContext, 'events' | 'startup' | 'loginThrottle'> & Partial<AppContext>
): AppContext {
	const full: AppContext = {
		events: new EventBus(),
		startup: { demo: null, initialAdmin: null },
		loginThrottle: new LoginThrottle(),
		...context
	};
	slot.ready = full;
	slot.pending = Promise.resolve(full);
	return full;
}

/** The context after {@link initContext} finished (SvelteKit's `init` hook and server.ts both await it). */
export function getContext(): AppContext {
	if (!slot.ready) throw new Error('Floorboard context used before initContext() finished');
	return slot.ready;
}

export function db(): DB {
	return getContext().db;
}

async function createContext(config: Config): Promise<AppContext> {
	const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
	await migrateToLatest(database.db);
	await ensureBaseData(database.db);
	const startup = await prepareFirstStart(database.db, config);
	return {
		config,
		database,
		db: database.db,
		events: new EventBus(),
		startup,
		loginThrottle: new LoginThrottle()
	};
}

export async function prepareFirstStart(database: DB, config: Config): Promise<StartupReport> {
	if (config.demo) {
		const { seedDemo } = await import('./seed/demo');
		const { describeDemo } = await import('./seed/describe');
		const demo = (await seedDemo(database)) ?? (await describeDemo(database));
		if (demo) return { demo, initialAdmin: null };
	}
	const { ensureInitialAdmin } = await import('./users/initial-admin');
	const { ensureStarterWorkflow } = await import('./workflows/template');
	// A real shop starts as the demo does: the standard workflow with the default timed rules (issue 16).
	await ensureStarterWorkflow(database);
	return { demo: null, initialAdmin: await ensureInitialAdmin(database) };
}

/** Closes the database; used on shutdown and by tests. */
export async function closeContext(): Promise<void> {
	const pending = slot.pending;
	slot.pending = undefined;
	slot.ready = undefined;
	if (pending) await (await pending).database.close();
}

/** Hands committed service events to the real-time layer (and anything else listening). */
export function publish(events: readonly DomainEvent[]): void {
	getContext().events.publish(events);
}
