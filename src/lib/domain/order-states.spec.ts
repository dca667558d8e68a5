import { describe, expect, it } from 'vitest';
import { checkOperation, OPERATIONS } from './operations';
import {
	completeOperations,
	defaultOperations,
	deniedOperations,
	describeRestrictions,
	isPresetKey
} from './order-states';

describe('order state operations', () => {
	it('fills in every operation, a missing one allowed exactly as the operation chain treats it', () => {
		const table = completeOperations({ ship: false });
		expect(Object.keys(table)).toEqual([...OPERATIONS]);
		expect(table.ship).toBe(false);
		expect(table.move).toBe(true);
		const chain = (stateOperations: Record<string, boolean>) =>
			checkOperation({
				role: 'admin',
				operation: 'move',
				settings: {},
				order: { number: 1, stateName: 'X', stateOperations }
			}).ok;
		expect(chain({})).toBe(completeOperations({}).move);
	});

	it('gives presets their defaults and custom states everything allowed', () => {
		expect(deniedOperations(defaultOperations('on_hold'))).toEqual([
			'move',
			'ship',
			'complete',
			'commission'
		]);
		expect(deniedOperations(defaultOperations('quote'))).toEqual(['move', 'ship', 'complete']);
		expect(deniedOperations(defaultOperations(null))).toEqual([]);
		expect(isPresetKey('layaway')).toBe(true);
		expect(isPresetKey(null)).toBe(false);
	});

	it('says in plain words what a state forbids', () => {
		expect(describeRestrictions(defaultOperations('sale'))).toBe('Allows everything');
		expect(describeRestrictions({ ship: false })).toBe('No shipping');
		expect(describeRestrictions(defaultOperations('layaway'))).toBe('No shipping or completing');
		expect(describeRestrictions(defaultOperations('quote'))).toBe(
			'No moving jobs, shipping or completing'
		);
	});
});
