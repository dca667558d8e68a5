import { audienceOf, jobScope, type Viewer } from '../../domain/scope';
import type { AppContext } from '../context';
import type { DomainEvent } from '../events';
import { getBoard, type BoardSnapshot } from './snapshot';

/**
 * How long a shared snapshot may serve without a board event: changes that publish none (a renamed customer or
 * product) show within this. A storm of reconnects lasts a few seconds, so it still costs one read per audience.
 */
export const SHARED_SNAPSHOT_MAX_AGE_MS = 5_000;

/** A board snapshot as every subscriber of one audience shares it, and its JSON text, built once when first asked. */
export interface SharedBoard {
	board: BoardSnapshot;
	json(): string;
}

interface Entry {
	startedAt: number;
	board: Promise<SharedBoard>;
}

type ReadBoard = (viewer: Viewer, workflowId: number) => Promise<BoardSnapshot>;

/** Events that leave every board as it was: they never clear the shared snapshots. */
const NOT_ABOUT_BOARDS: ReadonlySet<DomainEvent['type']> = new Set([
	'notification',
	'access_ended',
	'access_changed'
]);

/**
 * One snapshot per board and audience while it is fresh, shared by every subscriber (single flight: those who
 * ask while it is being read await the same read). Two viewers share an entry only when they have the same scope
 * and the same projection, so one audience never receives another's cards. Any board event (committed here, or
 * announced by another process through the Socket.IO adapter) drops every entry: a read that began before it
 * serves only those who asked before it, and they hear the event itself afterwards (realtime/handlers.ts).
 */
export class SharedSnapshots {
	readonly #entries = new Map<string, Entry>();
	readonly #read: ReadBoard;
	readonly #maxAgeMs: number;
	readonly #now: () => number;
	/** How many times the snapshots were dropped: the process's board event sequence. */
	sequence = 0;
	/** Reads of the database made for shared snapshots (the benchmark reports them). */
	reads = 0;

	constructor(read: ReadBoard, maxAgeMs = SHARED_SNAPSHOT_MAX_AGE_MS, now = () => Date.now()) {
		this.#read = read;
		this.#maxAgeMs = maxAgeMs;
		this.#now = now;
	}

	/** The viewer's board, shared with every viewer of the same audience and scope while fresh. */
	get(viewer: Viewer, workflowId: number): Promise<SharedBoard> {
		const now = this.#now();
		this.#dropExpired(now);
		const key = snapshotKey(viewer, workflowId);
		const known = this.#entries.get(key);
		if (known) return known.board;
		this.reads++;
		const entry: Entry = { startedAt: now, board: this.#read(viewer, workflowId).then(shared) };
		// A refused or failed read is not shared: the next subscriber asks again.
		entry.board.catch(() => {
			if (this.#entries.get(key) === entry) this.#entries.delete(key);
		});
		this.#entries.set(key, entry);
		return entry.board;
	}

	/** A change that may show on a board was committed: later subscribers get a new read. */
	invalidate(): void {
		this.sequence++;
		this.#entries.clear();
	}

	/** Drops the snapshots when a batch of events may change a board. */
	invalidateFor(events: readonly DomainEvent[]): void {
		if (events.some((event) => !NOT_ABOUT_BOARDS.has(event.type))) this.invalidate();
	}

	#dropExpired(now: number): void {
		for (const [key, entry] of this.#entries)
			if (now - entry.startedAt >= this.#maxAgeMs) this.#entries.delete(key);
	}
}

/**
 * What decides a snapshot's content besides the board: the viewer's scope (which jobs and stages) and audience
 * (which fields of each card). Viewers with equal keys receive byte-for-byte the same snapshot.
 */
export function snapshotKey(viewer: Viewer, workflowId: number): string {
	return `${workflowId}|${audienceOf(viewer)}|${JSON.stringify(jobScope(viewer))}`;
}

function shared(board: BoardSnapshot): SharedBoard {
	let json: string | undefined;
	// Frozen: one object serves many requests, and a change by one would reach the others.
	Object.freeze(board);
	return { board, json: () => (json ??= JSON.stringify(board)) };
}

/**
 * The context's shared snapshots, kept on globalThis like the context itself (server.ts and the SvelteKit bundle
 * each carry a copy of this module); created on first use and cleared by every batch of events published on the
 * context's bus.
 */
export function sharedSnapshots(context: AppContext): SharedSnapshots {
	const registry = ((globalThis as Record<symbol, unknown>)[
		Symbol.for('floorboard.shared-snapshots')
	] ??= new WeakMap<AppContext, SharedSnapshots>()) as WeakMap<AppContext, SharedSnapshots>;
	let snapshots = registry.get(context);
	if (!snapshots) {
		const created = new SharedSnapshots((viewer, workflowId) =>
			getBoard(context.db, viewer, workflowId)
		);
		context.events.subscribe((events) => created.invalidateFor(events));
		registry.set(context, (snapshots = created));
	}
	return snapshots;
}
