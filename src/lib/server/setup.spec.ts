import { describe, expect, it } from 'vitest';
import { contrastRatio, MIN_PILL_CONTRAST } from '../domain/color';
import { PRESET_STATES } from './setup';

describe('preset order states', () => {
	it('read at 4.5:1 or better with the white text they start with', () => {
		for (const [key, state] of Object.entries(PRESET_STATES)) {
			expect(contrastRatio(state.color, '#ffffff'), key).toBeGreaterThanOrEqual(MIN_PILL_CONTRAST);
		}
	});
});
