/** How fast a drag may scroll the board: about two phone-wide columns a second, slow enough to let go in time. */
export const DRAG_SCROLL_PX_PER_SECOND = 600;

/**
 * Caps the speed at which `element` may be scrolled through `scrollBy`. svelte-dnd-action (0.9) has no auto-scroll
 * options: while a dragged card is near a scroll container's edge it calls `scrollBy` every animation frame, up to
 * 30 px a call, and a pointer that leaves and re-enters the edge starts another frame loop beside the first. On a
 * phone that ran a board 3,900 px in 300 ms. The page itself never calls `scrollBy` on these elements, so only the
 * library's auto-scroll is slowed; wheel, touch and keyboard scrolling are untouched.
 */
export function boundedScroll(
	element: HTMLElement,
	pxPerSecond: number = DRAG_SCROLL_PX_PER_SECOND
) {
	if (typeof element.scrollBy !== 'function') return { destroy() {} }; // a DOM without scrolling (jsdom)
	const own = Object.hasOwn(element, 'scrollBy') ? element.scrollBy : null;
	const scrollBy = element.scrollBy.bind(element);
	const burst = pxPerSecond / 20; // at most 50 ms worth at once
	let budget = burst;
	let last = performance.now();

	element.scrollBy = ((xOrOptions?: number | ScrollToOptions, y?: number) => {
		if (typeof xOrOptions !== 'number') return scrollBy(xOrOptions);
		const now = performance.now();
		budget = Math.min(burst, budget + ((now - last) / 1000) * pxPerSecond);
		last = now;
		const wanted = Math.hypot(xOrOptions, y ?? 0);
		if (wanted === 0) return;
		// Whole pixels only (a fraction may round to nothing); what is not spent now is spent on a later frame.
		const allowed = Math.floor(Math.min(wanted, budget));
		if (allowed <= 0) return;
		budget -= allowed;
		scrollBy(
			Math.round((xOrOptions * allowed) / wanted),
			Math.round(((y ?? 0) * allowed) / wanted)
		);
	}) as typeof element.scrollBy;

	return {
		destroy() {
			if (own) element.scrollBy = own;
			else delete (element as Partial<Pick<HTMLElement, 'scrollBy'>>).scrollBy; // the prototype's again
		}
	};
}
