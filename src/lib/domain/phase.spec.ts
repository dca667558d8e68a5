import { describe, expect, it } from 'vitest';
import {
	PHASES,
	PHASE_LABELS,
	PROGRESS_PHASES,
	STAGE_MEANINGS,
	isPhaseChange,
	orderPhase,
	phaseAfterEntering,
	phaseRank
} from './phase';

describe('phase constants', () => {
	it('labels every phase in English', () => {
		expect(PHASES.map((p) => PHASE_LABELS[p])).toEqual([
			'Draft',
			'Received',
			'In production',
			'Shipped',
			'Completed',
			'Cancelled'
		]);
	});

	it('stage meanings are none plus every phase but draft', () => {
		expect([...STAGE_MEANINGS].sort()).toEqual(['none', ...PHASES.filter((p) => p !== 'draft')].sort());
	});

	it('progress bar excludes draft and cancelled', () => {
		expect(PROGRESS_PHASES).toEqual(['received', 'in_production', 'shipped', 'completed']);
	});
});

describe('phaseRank', () => {
	it('orders draft < received < in_production < shipped < completed', () => {
		const ranks = ['draft', 'received', 'in_production', 'shipped', 'completed'].map((p) =>
			phaseRank(p as never)
		);
		for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThan(ranks[i - 1]!);
	});
});

describe('isPhaseChange', () => {
	it('is false for the same phase and true otherwise', () => {
		expect(isPhaseChange('received', 'received')).toBe(false);
		expect(isPhaseChange('received', 'shipped')).toBe(true);
		expect(isPhaseChange('shipped', 'received')).toBe(true);
	});
});

describe('phaseAfterEntering', () => {
	it('takes the meaning of a phase stage', () => {
		expect(phaseAfterEntering('received', 'shipped')).toBe('shipped');
		expect(phaseAfterEntering('completed', 'in_production')).toBe('in_production');
		expect(phaseAfterEntering('draft', 'cancelled')).toBe('cancelled');
	});

	it('keeps the phase on a none stage', () => {
		expect(phaseAfterEntering('in_production', 'none')).toBe('in_production');
		expect(phaseAfterEntering('shipped', 'none')).toBe('shipped');
		expect(phaseAfterEntering('cancelled', 'none')).toBe('cancelled');
	});

	it('turns a draft job on a none stage into received', () => {
		expect(phaseAfterEntering('draft', 'none')).toBe('received');
	});
});

describe('orderPhase', () => {
	it('is draft without jobs', () => {
		expect(orderPhase([])).toBe('draft');
	});

	it('is cancelled only when all jobs are cancelled', () => {
		expect(orderPhase(['cancelled'])).toBe('cancelled');
		expect(orderPhase(['cancelled', 'cancelled'])).toBe('cancelled');
		expect(orderPhase(['cancelled', 'completed'])).toBe('completed');
	});

	it('is the lowest phase among non-cancelled jobs', () => {
		expect(orderPhase(['shipped', 'in_production', 'completed'])).toBe('in_production');
		expect(orderPhase(['completed', 'cancelled', 'shipped'])).toBe('shipped');
		expect(orderPhase(['completed', 'completed'])).toBe('completed');
		expect(orderPhase(['received', 'draft'])).toBe('draft');
	});
});
