import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
	it('runs a full collection: an object nothing refers to is gone after it', async () => {
		let ref: WeakRef<object> | null = null;
		(() => {
			ref = new WeakRef({ board: 'x'.repeat(1_000_000) });
		})();
		// A WeakRef keeps its target alive until the current job ends.
		await nextTurn();
		expect(collectGarbage()).toBe(true);
		expect(ref!.deref()).toBeUndefined();
	});
});
