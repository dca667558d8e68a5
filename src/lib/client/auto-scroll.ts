import type { Action } from 'svelte/action';

/** How a long column scrolls on a wall display: slowly down, a pause at each end, then back to the top. */
export interface ScrollPlan {
	/** Pixels per second while gliding. */
	speed: number;
	/** How long it rests at the top, at the bottom and (reduced motion) on each page. */
	pauseMs: number;
	/** Reduced motion: no gliding; it turns a page (`pageHeight`) at a time after each pause. */
	reduced: boolean;
	pageHeight: number;
}

export type ScrollPhase = { kind: 'resting'; until: number } | { kind: 'gliding' };

export interface ScrollState {
	phase: ScrollPhase;
	/** scrollTop, fractional while gliding. */
	position: number;
}

/** Where a column starts: at the top, resting. */
export const startScroll = (now: number, plan: ScrollPlan): ScrollState => ({
	phase: { kind: 'resting', until: now + plan.pauseMs },
	position: 0
});

/**
 * One step of the scroll at `now`, `elapsedMs` after the previous one, in a column that can scroll `max` pixels.
 * Pure, so the timing is tested without a browser.
 */
export function scrollStep(
	state: ScrollState,
	max: number,
	now: number,
	elapsedMs: number,
	plan: ScrollPlan
): ScrollState {
	if (max <= 0) return { phase: { kind: 'resting', until: now + plan.pauseMs }, position: 0 };
	const rest = (position: number): ScrollState => ({
		phase: { kind: 'resting', until: now + plan.pauseMs },
		position
	});
	const position = Math.min(state.position, max);
	if (state.phase.kind === 'resting') {
		if (now < state.phase.until) return { ...state, position };
		// At the bottom: back to the top (a jump: gliding up would only be more motion to watch).
		if (position >= max) return rest(0);
		if (plan.reduced) return rest(Math.min(max, position + Math.max(1, plan.pageHeight)));
		return { phase: { kind: 'gliding' }, position };
	}
	const next = position + (plan.speed * elapsedMs) / 1000;
	return next >= max ? rest(max) : { phase: { kind: 'gliding' }, position: next };
}

/**
 * `use:autoScroll={enabled}`: scrolls the element through its overflow as {@link scrollStep} says, gliding at about
 * 1.5 rem a second with 5 s at each end; with `prefers-reduced-motion: reduce` it turns a page every 8 s instead.
 */
export const autoScroll: Action<HTMLElement, boolean> = (node, enabled) => {
	let frame = 0;
	let state: ScrollState | null = null;
	let last = 0;
	let motion: MediaQueryList | null = null;
	let cached: ScrollPlan | null = null;
	let frames = 0;
	// Read about once a second (a TV's browser is slow): the screen's size, and reduced motion, may change while it runs.
	const plan = (): ScrollPlan => {
		if (cached && frames++ % 60 !== 0) return cached;
		motion ??=
			typeof window.matchMedia === 'function'
				? window.matchMedia('(prefers-reduced-motion: reduce)')
				: null;
		const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
		const reduced = motion?.matches ?? false;
		cached = {
			speed: 1.5 * rem,
			pauseMs: reduced ? 8_000 : 5_000,
			reduced,
			pageHeight: node.clientHeight * 0.9
		};
		return cached;
	};
	const tick = (now: number) => {
		const current = plan();
		state ??= startScroll(now, current);
		state = scrollStep(
			state,
			node.scrollHeight - node.clientHeight,
			now,
			Math.min(now - (last || now), 250),
			current
		);
		last = now;
		node.scrollTop = state.position;
		frame = requestAnimationFrame(tick);
	};
	const start = () => {
		if (frame) return;
		last = 0;
		frame = requestAnimationFrame(tick);
	};
	const stop = () => {
		cancelAnimationFrame(frame);
		frame = 0;
		state = null;
		node.scrollTop = 0;
	};
	if (enabled) start();
	return {
		update(next) {
			if (next) start();
			else stop();
		},
		destroy: () => cancelAnimationFrame(frame)
	};
};
