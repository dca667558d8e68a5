import { describe, expect, it } from 'vitest';
import { scrollStep, startScroll, type ScrollPlan, type ScrollState } from './auto-scroll';

const glide: ScrollPlan = { speed: 20, pauseMs: 5000, reduced: false, pageHeight: 300 };
const pages: ScrollPlan = { ...glide, reduced: true };

/** Runs the scroll from `from` to `to` in 100 ms frames and returns every position. */
function run(state: ScrollState, max: number, from: number, to: number, plan: ScrollPlan) {
	const positions: number[] = [];
	for (let now = from + 100; now <= to; now += 100) {
		state = scrollStep(state, max, now, 100, plan);
		positions.push(state.position);
	}
	return { state, positions };
}

describe('scrollStep', () => {
	it('rests at the top, glides down slowly, rests at the bottom, then starts again from the top', () => {
		const first = run(startScroll(0, glide), 100, 0, 4_900, glide);
		expect(first.positions.every((p) => p === 0)).toBe(true); // the first 5 s at the top
		const down = run(first.state, 100, 4_900, 10_000, glide);
		expect(down.positions.at(-1)).toBe(100); // 100 px at 20 px/s: the bottom after 5 s
		expect(down.positions.findIndex((p) => p === 100)).toBeGreaterThan(45);
		expect(
			Math.max(...down.positions.slice(1).map((p, i) => p - down.positions[i]!))
		).toBeLessThanOrEqual(2); // 2 px a frame at most
		const bottom = run(down.state, 100, 10_000, 14_900, glide);
		expect(bottom.positions.every((p) => p === 100)).toBe(true);
		const again = run(bottom.state, 100, 14_900, 15_500, glide);
		expect(again.positions).toContain(0);
	});

	it('does not move a column that fits', () => {
		expect(run(startScroll(0, glide), 0, 0, 30_000, glide).positions.every((p) => p === 0)).toBe(
			true
		);
	});

	it('turns pages without gliding when motion is reduced', () => {
		const { positions } = run(startScroll(0, pages), 700, 0, 40_000, pages);
		expect(new Set(positions)).toEqual(new Set([0, 300, 600, 700]));
		// Each page is held for the whole pause: a position changes at most once per 5 s.
		const changes = positions.filter((p, i) => i > 0 && p !== positions[i - 1]).length;
		expect(changes).toBeLessThanOrEqual(8);
	});

	it('keeps within a column that got shorter', () => {
		const state: ScrollState = { phase: { kind: 'gliding' }, position: 500 };
		expect(scrollStep(state, 120, 0, 100, glide).position).toBe(120);
	});
});
