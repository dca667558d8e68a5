import { tick } from 'svelte';

/** Cards a column renders at most: scrolled further, the cards a page above the window give way to padding. */
export const MAX_RENDERED = 150;
/** How close to an end of the window a scroll moves it (px). */
export const NEAR_EDGE_PX = 400;

/**
 * The part of a long column that is in the DOM: `start`…`end` of its cards, a page at a time. Scrolling down adds a
 * page below; past `MAX_RENDERED` the top page goes, replaced by padding of its measured height (so nothing on the
 * screen moves), and comes back when scrolled up to. Padding rather than spacer elements: svelte-dnd-action counts
 * the zone's children as its cards.
 */
export class CardWindow {
	start = $state(0);
	end = $state(0);
	/** The height of the pages above the window (px). */
	padTop = $state(0);
	readonly #dropped: number[] = [];

	constructor(
		readonly pageSize: number,
		/** Cards shown before any scroll (the first page may be smaller than the next ones). */
		readonly firstSize = pageSize,
		readonly maxRendered = MAX_RENDERED
	) {
		this.end = firstSize;
	}

	/** The window's cards of `items` (the column's, in order). */
	of<T>(items: readonly T[]): T[] {
		return items.slice(this.start, this.end);
	}

	/**
	 * `items` with the window's cards replaced by `shown`, the cards a drag zone reports (it knows only those it
	 * shows): the cards above and below the window stay around them.
	 */
	around<T extends { id: number }>(items: readonly T[], shown: readonly T[]): T[] {
		// A lookup for this call, not state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const shownIds = new Set(shown.map((item) => item.id));
		const others = (part: readonly T[]) => part.filter((item) => !shownIds.has(item.id));
		const shownHere = this.of(items).length;
		return [
			...others(items.slice(0, this.start)),
			...shown,
			...others(items.slice(this.start + shownHere))
		];
	}

	/** Back to the first page (the column's cards changed under a window scrolled away from its top). */
	reset(): void {
		this.start = 0;
		this.end = this.firstSize;
		this.padTop = 0;
		this.#dropped.length = 0;
	}

	/** Another page below; the top page gives way once the window is full (measured in `container`, if given). */
	async grow(container?: HTMLElement): Promise<void> {
		this.end += this.pageSize;
		if (!container || this.end - this.start <= this.maxRendered) return;
		await tick();
		const slots = container.querySelectorAll<HTMLElement>(':scope > .slot');
		const below = slots[this.pageSize];
		if (!below) return;
		const height = below.offsetTop - slots[0].offsetTop;
		this.#dropped.push(height);
		this.padTop += height;
		this.start += this.pageSize;
	}

	/** Scrolled up to the padding: the page above comes back, and the bottom page goes if the window is full. */
	scrolledUp(container: HTMLElement): void {
		if (this.start === 0 || container.scrollTop >= this.padTop + NEAR_EDGE_PX) return;
		this.padTop -= this.#dropped.pop() ?? this.padTop;
		this.start = Math.max(0, this.start - this.pageSize);
		if (this.end - this.start > this.maxRendered) this.end -= this.pageSize;
	}
}
