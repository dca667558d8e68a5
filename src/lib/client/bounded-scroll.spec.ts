import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundedScroll } from './bounded-scroll';

afterEach(() => vi.restoreAllMocks());

/** A scroll container that records how far it was scrolled, on a clock the test moves. */
function container() {
	let clock = 0;
	vi.spyOn(performance, 'now').mockImplementation(() => clock);
	const element = {
		scrolled: 0,
		scrollBy(x: number, _y?: number) {
			this.scrolled += x;
		}
	};
	return { element, tick: (ms: number) => (clock += ms) };
}

describe('boundedScroll', () => {
	it('lets auto-scroll run at most the bound, however many frame loops ask for 30 px a frame', () => {
		const { element, tick } = container();
		const bound = boundedScroll(element as unknown as HTMLElement, 600);
		for (let frame = 0; frame < 18; frame++) {
			tick(1000 / 60);
			for (let loop = 0; loop < 4; loop++) element.scrollBy(30, 0); // four loops at once, as a re-entering pointer makes
		}
		// 300 ms at 600 px/s, plus one 50 ms burst: the phone's board had run 3,916 px.
		expect(element.scrolled).toBeLessThanOrEqual(600 * 0.3 + 30);
		expect(element.scrolled).toBeGreaterThan(150);
		bound.destroy();
	});

	it('scrolls backwards as well, and hands back the element’s own scrollBy when destroyed', () => {
		const { element, tick } = container();
		const own = element.scrollBy;
		const bound = boundedScroll(element as unknown as HTMLElement, 600);
		tick(100);
		element.scrollBy(-20, 0);
		expect(element.scrolled).toBe(-20);
		bound.destroy();
		expect(element.scrollBy).toBe(own);
	});
});
