import { describe, expect, it } from 'vitest';
import {
	PHASES,
	PHASE_LABELS,
	PROGRESS_PHASES,
	STAGE_MEANINGS,
	isPhaseChange,
	orderPhase,
	impliedPhase,
	phaseAfterEntering,
	phaseAfterMove,
	phaseNotice,
	phaseRank,
	type StageMeaning
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
		expect([...STAGE_MEANINGS].sort()).toEqual(
			['none', ...PHASES.filter((p) => p !== 'draft')].sort()
		);
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

describe('phases both ways', () => {
	// Business cards: Placed, Awaiting payment, Digital press, Cutting, Shipped, Returned, Issued, Cancelled.
	const meanings: StageMeaning[] = [
		'received',
		'none',
		'in_production',
		'none',
		'shipped',
		'none',
		'completed',
		'cancelled'
	];
	const stages = meanings.map((meaning, i) => ({ id: 10 + i, position: i, meaning }));
	const [placed, awaiting, , cutting, , returned] = stages;

	it('implies the phase of the nearest stage before with a progress meaning (never cancelled)', () => {
		expect(impliedPhase(stages, awaiting.id)).toBe('received');
		expect(impliedPhase(stages, cutting.id)).toBe('in_production');
		expect(impliedPhase(stages, returned.id)).toBe('shipped');
		expect(impliedPhase([{ id: 1, position: 0, meaning: 'none' }], 1)).toBe('received');
		expect(impliedPhase(stages, 999)).toBe('received');
	});

	it('reopens a completed or cancelled job moved back into a stage without meaning', () => {
		expect(phaseAfterMove('completed', { meaning: 'none', impliedPhase: 'in_production' })).toBe(
			'in_production'
		);
		expect(phaseAfterMove('cancelled', { meaning: 'none', impliedPhase: 'received' })).toBe(
			'received'
		);
		expect(phaseAfterMove('shipped', { meaning: 'none', impliedPhase: 'in_production' })).toBe(
			'in_production'
		);
		expect(phaseAfterMove('cancelled', { meaning: placed.meaning })).toBe('received');
	});

	it('keeps the phase moving forwards into a stage without meaning, as entering one always did', () => {
		expect(phaseAfterMove('received', { meaning: 'none', impliedPhase: 'in_production' })).toBe(
			'received'
		);
		expect(
			phaseAfterMove('in_production', { meaning: 'none', impliedPhase: 'in_production' })
		).toBe('in_production');
		expect(phaseAfterMove('draft', { meaning: 'none', impliedPhase: 'shipped' })).toBe('received');
		expect(phaseAfterMove('completed', { meaning: 'none' })).toBe('completed');
	});

	it('tells the customer only where the order ended up after changes within the undo window', () => {
		expect(phaseNotice(null, { before: 'received', after: 'cancelled' })).toEqual({
			before: 'received',
			after: 'cancelled'
		});
		// A drag to Cancelled, then Undo: nothing to tell.
		expect(phaseNotice('received', { before: 'cancelled', after: 'received' })).toBeNull();
		// Received → In production → Shipped within the window: one message from Received.
		expect(phaseNotice('received', { before: 'in_production', after: 'shipped' })).toEqual({
			before: 'received',
			after: 'shipped'
		});
	});
});
