import type { BoardJob } from '../contract/views';

export type Jobs = Readonly<Record<number, BoardJob>>;

type LiveEvent =
	{ kind: 'updated'; job: BoardJob } | { kind: 'removed'; jobId: number; version: number };

/** Tombstones kept at most (oldest go first): enough for a day of jobs leaving a board, bounded for a TV left on for weeks. */
const MAX_TOMBSTONES = 20_000;

/**
 * What a live board knows of its jobs, merged from snapshots and the events around them. Pure (no Svelte), so the
 * board state, its unit tests and the convergence test all run the same rules:
 *
 * - Per job, the higher version wins; of two facts with the same version, the one received last.
 * - `job:removed {jobId, version}` takes the card off unless the board holds a newer version, and leaves a
 *   tombstone: no card older than `version` comes back — not from a late event, not from an older snapshot.
 * - A subscription: the server joins the room, then sends `board:syncing`, then reads the snapshot. Events received
 *   before `board:syncing` are older than the snapshot, which replaces them (a card it lacks is gone); events after
 *   it are buffered and replayed over the snapshot with the rules above, so a job that entered the viewer's scope
 *   after the read stays, and one that left it after the read goes.
 * - A move shows at once (optimistic) until the server's answer or a newer version replaces it, or it is dropped.
 */
export class JobLedger {
	/** What the server said, merged: the board as known. */
	#facts: Record<number, BoardJob> = {};
	/** Job id → the version with which it left this board. */
	readonly #gone = new Map<number, number>();
	/** Optimistic moves, shown instead of their fact until a newer version arrives. */
	readonly #moving = new Map<number, BoardJob>();
	/** Events received since `board:syncing`, for replay over the snapshot; null when no snapshot is awaited. */
	#buffer: LiveEvent[] | null = null;
	#visible: Jobs = {};

	constructor(jobs: readonly BoardJob[] = []) {
		this.#facts = byId(jobs);
		this.#visible = this.#facts;
	}

	/** The jobs to show: a new object after every change, the same one otherwise. */
	get jobs(): Jobs {
		return this.#visible;
	}

	/** `job:updated`; returns whether the board changed. */
	updated(job: BoardJob): boolean {
		this.#buffer?.push({ kind: 'updated', job });
		if (!this.#takeUpdate(job)) return false;
		this.#refresh();
		return true;
	}

	/** Many `job:updated` at once (a page of a column): one new record, not one per job. */
	updatedMany(jobs: readonly BoardJob[]): boolean {
		if (jobs.length === 0) return false;
		const facts = { ...this.#facts };
		const before = this.#facts;
		this.#facts = facts;
		let changed = false;
		for (const job of jobs) {
			this.#buffer?.push({ kind: 'updated', job });
			changed = this.#takeUpdate(job, true) || changed;
		}
		if (!changed) this.#facts = before;
		else this.#refresh();
		return changed;
	}

	/** `job:removed`; returns whether the board changed. */
	removed(jobId: number, version: number): boolean {
		this.#buffer?.push({ kind: 'removed', jobId, version });
		if (!this.#takeRemoval(jobId, version)) return false;
		this.#refresh();
		return true;
	}

	/** The snapshot for a subscription is about to be read (`board:syncing`): buffer what follows, drop what came before. */
	beginSync(): void {
		this.#buffer = [];
	}

	/** The snapshot answering the subscription: it replaces what the board knew, then the buffered events replay over it. */
	applySnapshot(jobs: readonly BoardJob[]): void {
		const buffered = this.#buffer ?? [];
		this.#buffer = null;
		const facts: Record<number, BoardJob> = {};
		for (const job of jobs) {
			const gone = this.#gone.get(job.id);
			if (gone !== undefined && gone > job.version) continue; // left the board after this snapshot was read
			facts[job.id] = job;
			if (gone !== undefined) this.#gone.delete(job.id); // back in scope at a newer version: the tombstone is spent
		}
		this.#facts = facts;
		for (const event of buffered) {
			if (event.kind === 'updated') this.#takeUpdate(event.job, true);
			else this.#takeRemoval(event.jobId, event.version, true);
		}
		for (const [id, card] of this.#moving) {
			const fact = this.#facts[id];
			if (!fact || fact.version > card.version) this.#moving.delete(id);
		}
		this.#refresh();
	}

	/** The subscription failed: stop buffering (the next one starts afresh). */
	abandonSync(): void {
		this.#buffer = null;
	}

	/** Shows a move before the server answers; `card.version` is the version the move started from. */
	moveOptimistically(card: BoardJob): void {
		if (!(card.id in this.#facts)) return;
		this.#moving.set(card.id, card);
		this.#refresh();
	}

	/** Drops an optimistic move (the server refused it): the card shows what the server last said. */
	dropOptimistic(jobId: number): void {
		if (this.#moving.delete(jobId)) this.#refresh();
	}

	/** `inPlace`: `#facts` is a fresh record of this replay's own, changed without copying it for every event. */
	#takeUpdate(job: BoardJob, inPlace = false): boolean {
		const known = this.#facts[job.id];
		if (known && known.version > job.version) return false;
		const gone = this.#gone.get(job.id);
		if (gone !== undefined && gone > job.version) return false;
		this.#gone.delete(job.id);
		if (inPlace) this.#facts[job.id] = job;
		else this.#facts = { ...this.#facts, [job.id]: job };
		const moving = this.#moving.get(job.id);
		if (moving && job.version > moving.version) this.#moving.delete(job.id);
		return true;
	}

	#takeRemoval(jobId: number, version: number, inPlace = false): boolean {
		const known = this.#facts[jobId];
		if (known && known.version > version) return false; // it came back since
		const tombstone = Math.max(version, this.#gone.get(jobId) ?? version);
		this.#gone.delete(jobId); // re-inserted last: the oldest tombstones are the first to go
		this.#gone.set(jobId, tombstone);
		if (this.#gone.size > MAX_TOMBSTONES) this.#gone.delete(this.#gone.keys().next().value!);
		this.#moving.delete(jobId);
		if (!known) return false;
		if (inPlace) delete this.#facts[jobId];
		else {
			const { [jobId]: _removed, ...rest } = this.#facts;
			this.#facts = rest;
		}
		return true;
	}

	#refresh(): void {
		if (this.#moving.size === 0) {
			this.#visible = this.#facts;
			return;
		}
		const visible = { ...this.#facts };
		for (const [id, card] of this.#moving) if (id in visible) visible[id] = card;
		this.#visible = visible;
	}
}

function byId(jobs: readonly BoardJob[]): Record<number, BoardJob> {
	const record: Record<number, BoardJob> = {};
	for (const job of jobs) record[job.id] = job;
	return record;
}
