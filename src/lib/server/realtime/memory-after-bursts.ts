import { collectGarbage } from '../ops/collect-garbage';
import { log } from '../log';

/** Full answers, in bytes of text, after which a quiet server collects its garbage. */
export const BURST_BYTES = 64 * 1024 * 1024;
/** How long without a full answer counts as quiet. */
export const QUIET_MS = 2_000;

/**
 * Gives back the memory a burst of full board answers leaves behind. Each answer is a new copy of the board's text
 * (5.3 MB for 10,000 jobs) per socket, which only a full collection frees; after 500 screens joined, V8 sometimes
 * waited minutes before running one and the server kept 440 MB of RSS for 80 MB of live data (bench/README.md,
 * session 12). Once `BURST_BYTES` of answers have gone out and none for `QUIET_MS`, one collection runs.
 */
export class MemoryAfterBursts {
	#bytes = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly collect: () => void = collectOnce,
		readonly burstBytes = BURST_BYTES,
		readonly quietMs = QUIET_MS
	) {}

	/** A full answer of `bytes` went out: the collection, if due, waits until the answers have stopped. */
	answered(bytes: number): void {
		this.#bytes += bytes;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.#quiet(), this.quietMs);
		this.#timer.unref?.();
	}

	#quiet(): void {
		this.#timer = null;
		if (this.#bytes < this.burstBytes) return;
		this.#bytes = 0;
		this.collect();
	}
}

function collectOnce(): void {
	const before = process.memoryUsage();
	const started = performance.now();
	if (!collectGarbage()) return;
	const after = process.memoryUsage();
	log.info(
		{
			ms: Math.round(performance.now() - started),
			heapUsedMb: [before.heapUsed, after.heapUsed].map((bytes) => Math.round(bytes / 1e6))
		},
		'Collected the garbage of a burst of full board answers'
	);
}
