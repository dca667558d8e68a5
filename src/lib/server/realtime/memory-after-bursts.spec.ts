import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryAfterBursts } from './memory-after-bursts';

describe('MemoryAfterBursts', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('collects once, after a burst of answers has stopped for the quiet time', () => {
		const collect = vi.fn();
		const memory = new MemoryAfterBursts(collect, 100, 2_000);
		for (let i = 0; i < 5; i++) {
			memory.answered(30);
			vi.advanceTimersByTime(1_500);
		}
		expect(collect).not.toHaveBeenCalled();
		vi.advanceTimersByTime(500);
		expect(collect).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(60_000);
		expect(collect).toHaveBeenCalledTimes(1);
	});

	it('waits for the next burst when too little went out, and counts what did', () => {
		const collect = vi.fn();
		const memory = new MemoryAfterBursts(collect, 100, 2_000);
		memory.answered(60);
		vi.advanceTimersByTime(2_000);
		expect(collect).not.toHaveBeenCalled();
		memory.answered(60);
		vi.advanceTimersByTime(2_000);
		expect(collect).toHaveBeenCalledTimes(1);
		memory.answered(60);
		vi.advanceTimersByTime(2_000);
		expect(collect).toHaveBeenCalledTimes(1);
	});
});
