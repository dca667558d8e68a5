import { createHash, randomBytes, type Hash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip, type ZlibOptions } from 'node:zlib';
import { audienceOf, jobScope, type Viewer } from '../../domain/scope';
import { cardChanges, type EncodedBoard } from '../../domain/board-delta';
import type { AppContext } from '../context';
import type { DomainEvent } from '../events';
import { getBoard, type BoardSnapshot } from './snapshot';

/**
 * How long a shared snapshot may serve without a board event: changes that publish none (a renamed customer or
 * product) show within this. A storm of reconnects lasts a few seconds, so it still costs one read per audience.
 */
export const SHARED_SNAPSHOT_MAX_AGE_MS = 5_000;

/**
 * Snapshots kept after they were replaced, per audience, so a client holding one is sent only what changed since
 * (`changesSince`): how many, and for how long. A client away longer gets the full snapshot.
 */
export const HELD_SNAPSHOTS_PER_AUDIENCE = 2;
export const HELD_SNAPSHOTS_MAX = 8;
export const HELD_SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

/**
 * Cards encoded per turn of the event loop while a snapshot is built: a 10,000-card board is ten short tasks, so
 * the requests that arrive meanwhile (a sign-in page, a health check) are read between them.
 */
export const CARDS_PER_TURN = 1_000;

/** A board snapshot as every subscriber of one audience shares it: its JSON text, built once per read. */
export interface SharedBoard {
	json(): string;
	/**
	 * The JSON gzipped (level 1, off the event loop), made once when first asked: a 5 MB board is about 0.5 MB on the
	 * wire, which a wall display on the shop's Wi-Fi reads in a tenth of the time (bench/README.md).
	 */
	gzipped(): Promise<Uint8Array<ArrayBuffer>>;
	/**
	 * A hash of the audience and of the snapshot's JSON: equal snapshots of the same audience have equal
	 * fingerprints in any process, before and after a restart; another audience's never matches.
	 */
	fingerprint(): string;
	/**
	 * The JSON of a `BoardDelta` from the snapshot with fingerprint `since`, when this process still holds that
	 * snapshot for the same audience and only cards differ; else null (send the full snapshot). Built once per pair.
	 */
	changesSince(since: string): Promise<string | null>;
}

interface Held {
	fingerprint: string;
	board: EncodedBoard;
	at: number;
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
	/** Per audience key, the snapshots whose fingerprint was handed out, oldest first (bounded, see above). */
	readonly #held = new Map<string, Held[]>();
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
		const entry: Entry = {
			startedAt: now,
			board: this.#read(viewer, workflowId).then((board) => this.#shared(key, board))
		};
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

	async #shared(key: string, board: BoardSnapshot): Promise<SharedBoard> {
		const { json, encoded, fingerprint } = await encodeInTurns(key, board);
		// Every snapshot built is handed out (its fingerprint is the GET's ETag and in every full socket answer).
		this.#hold(key, { fingerprint, board: encoded, at: this.#now() });
		const deltas = new Map<string, Promise<string | null>>();
		let gzipped: Promise<Uint8Array<ArrayBuffer>> | undefined;
		return {
			json: () => json,
			gzipped: () => (gzipped ??= gzipText(json, { level: 1 })),
			fingerprint: () => fingerprint,
			changesSince: async (since) => {
				const known = deltas.get(since);
				if (known) return known;
				const before = this.#heldSnapshot(key, since);
				// Only fingerprints this process handed out are kept: whatever else a client sends costs no memory.
				if (!before || since === fingerprint) return null;
				// In a turn of its own: the comparison of 10,000 cards would otherwise follow the encoding in one task.
				const delta = yieldToEventLoop().then(() =>
					deltaText(before, { fingerprint, board: encoded, json })
				);
				deltas.set(since, delta);
				return delta;
			}
		};
	}

	#hold(key: string, held: Held): void {
		const list = (this.#held.get(key) ?? []).filter((old) => old.fingerprint !== held.fingerprint);
		list.push(held);
		// Most recently used last, so the oldest audience goes first when too many are held.
		this.#held.delete(key);
		this.#held.set(key, list.slice(-HELD_SNAPSHOTS_PER_AUDIENCE));
		let count = 0;
		for (const kept of this.#held.values()) count += kept.length;
		for (const [oldest, kept] of this.#held) {
			if (count <= HELD_SNAPSHOTS_MAX) break;
			count -= kept.length;
			this.#held.delete(oldest);
		}
	}

	/** The snapshot with this fingerprint held for this audience key, if any and not too old. */
	#heldSnapshot(key: string, fingerprint: string): Held | undefined {
		const now = this.#now();
		const list = (this.#held.get(key) ?? []).filter(
			(held) => now - held.at < HELD_SNAPSHOT_MAX_AGE_MS
		);
		return list.find((held) => held.fingerprint === fingerprint);
	}

	#dropExpired(now: number): void {
		for (const [key, entry] of this.#entries)
			if (now - entry.startedAt >= this.#maxAgeMs) this.#entries.delete(key);
	}
}

/** A delta's JSON from a held snapshot to the current one, or null when it would save nothing over the snapshot. */
function deltaText(
	before: Held,
	current: { fingerprint: string; board: EncodedBoard; json: string }
): string | null {
	const changes = cardChanges(before.board, current.board);
	if (!changes) return null;
	const text = withRawArray(
		{
			since: before.fingerprint,
			fingerprint: current.fingerprint,
			jobs: [],
			removed: changes.removed
		},
		'jobs',
		changes.jobs
	);
	// A delta about as big as the board saves nothing over the snapshot itself.
	return text.length < current.json.length / 2 ? text : null;
}

/**
 * What decides a snapshot's content besides the board: the viewer's scope (which jobs and stages) and audience
 * (which fields of each card). Viewers with equal keys receive byte-for-byte the same snapshot.
 */
export function snapshotKey(viewer: Viewer, workflowId: number): string {
	return `${workflowId}|${audienceOf(viewer)}|${JSON.stringify(jobScope(viewer))}`;
}

/**
 * The board's JSON (the same text as `JSON.stringify(board)`), its cards' JSON by id and its fingerprint, encoded
 * and hashed CARDS_PER_TURN cards per turn of the event loop: no step of a 10,000-card board holds the loop for
 * long (hashing the 5 MB text in one call held it for 20-35 ms, bench/README.md, session 15).
 */
async function encodeInTurns(
	key: string,
	board: BoardSnapshot
): Promise<{ json: string; encoded: EncodedBoard; fingerprint: string }> {
	const { jobs, ...layout } = board;
	const [head, tail] = aroundRawArray(board, 'jobs');
	const hash = fingerprintHash(key).update(head).update('[');
	const cards = new Map<number, string>();
	const parts: string[] = [];
	for (let from = 0; from < jobs.length; from += CARDS_PER_TURN) {
		if (from > 0) await yieldToEventLoop();
		const part = jobs
			.slice(from, from + CARDS_PER_TURN)
			.map((job) => {
				const card = JSON.stringify(job);
				cards.set(job.id, card);
				return card;
			})
			.join(',');
		parts.push(part);
		hash.update(from > 0 ? `,${part}` : part);
	}
	return {
		json: `${head}[${parts.join(',')}]${tail}`,
		encoded: { layout: JSON.stringify(layout), cards },
		fingerprint: hash.update(']').update(tail).digest('base64url')
	};
}

const gzipAsync = promisify(gzip);

/** zlib's answer as the plain bytes a `Response` takes (a Buffer is a view on an ArrayBuffer of its own). */
async function gzipText(text: string, options: ZlibOptions): Promise<Uint8Array<ArrayBuffer>> {
	const bytes = await gzipAsync(text, options);
	return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

/** A string no value contains: random per process. */
const MARK = `__floorboard_raw_array_${randomBytes(16).toString('hex')}`;

/** `JSON.stringify(value)` with the array at `key` made of `items`, each already JSON text. */
function withRawArray<T extends object>(value: T, key: keyof T, items: Iterable<string>): string {
	const [head, tail] = aroundRawArray(value, key);
	return `${head}[${[...items].join(',')}]${tail}`;
}

/** `JSON.stringify(value)` before and after the array at `key`, for that array's text to go between. */
function aroundRawArray<T extends object>(value: T, key: keyof T): [string, string] {
	const [head, tail] = JSON.stringify({ ...value, [key]: MARK }).split(`"${MARK}"`);
	return [head, tail];
}

/**
 * The hash of a snapshot's fingerprint, given the audience key; its JSON follows. Versioned, so a change of the wire
 * format or of the hash never matches a fingerprint made before it.
 */
function fingerprintHash(key: string): Hash {
	return createHash('sha256').update('board-snapshot/1\n').update(key).update('\n');
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
