import { describe, expect, it } from 'vitest';
import { presetOperations } from './operations';
import { planTimedRules, timedRuleName, type PlanJob, type PlanRule } from './timed-rule-plan';

const PRAGUE = 'Europe/Prague';
const utc = (iso: string) => new Date(iso);

const shippedToPickup: PlanRule = {
	id: 1,
	workflowId: 10,
	fromStageId: 100,
	toStage: { id: 101, meaning: 'none' },
	after: { amount: 4, unit: 'weeks' },
	warnBefore: { amount: 1, unit: 'weeks' }
};
const pickupToIssued: PlanRule = {
	id: 2,
	workflowId: 10,
	fromStageId: 101,
	toStage: { id: 102, meaning: 'completed' },
	after: { amount: 2, unit: 'days' },
	warnBefore: null
};

const job = (over: Partial<PlanJob> = {}): PlanJob => ({
	id: 1,
	workflowId: 10,
	stageId: 100,
	phase: 'shipped',
	enteredStageAt: utc('2026-10-01T08:00:00Z'),
	orderNumber: 1042,
	state: { name: 'Sale', operations: presetOperations('sale') },
	warned: false,
	...over
});

describe('planTimedRules', () => {
	// Entered 2026-10-01 10:00 CEST; due 4 calendar weeks later at 10:00 CET (after the autumn change), warned a week before.
	const due = utc('2026-10-29T09:00:00Z');
	const warn = utc('2026-10-22T08:00:00Z');

	it('lists the warning and the move with their times, earliest first', () => {
		const steps = planTimedRules({
			rules: [shippedToPickup],
			jobs: [job()],
			now: utc('2026-10-20T00:00:00Z'),
			until: utc('2026-11-30T00:00:00Z'),
			timeZone: PRAGUE
		});
		expect(steps).toEqual([
			{ kind: 'warning', ruleId: 1, jobId: 1, at: warn, waiting: null },
			{ kind: 'move', ruleId: 1, jobId: 1, at: due, waiting: null }
		]);
	});

	it('leaves out what falls after the horizon', () => {
		const steps = planTimedRules({
			rules: [shippedToPickup],
			jobs: [job()],
			now: utc('2026-10-20T00:00:00Z'),
			until: utc('2026-10-27T00:00:00Z'),
			timeZone: PRAGUE
		});
		expect(steps.map((s) => s.kind)).toEqual(['warning']);
	});

	it('does not repeat a warning already sent, nor warn once the job is due', () => {
		const now = utc('2026-10-25T00:00:00Z');
		const until = utc('2026-11-01T00:00:00Z');
		expect(
			planTimedRules({
				rules: [shippedToPickup],
				jobs: [job({ warned: true })],
				now,
				until,
				timeZone: PRAGUE
			}).map((s) => s.kind)
		).toEqual(['move']);
		const late = utc('2026-10-30T00:00:00Z');
		expect(
			planTimedRules({
				rules: [shippedToPickup],
				jobs: [job()],
				now: late,
				until,
				timeZone: PRAGUE
			})
		).toEqual([{ kind: 'move', ruleId: 1, jobId: 1, at: due, waiting: null }]);
	});

	it('marks a move of an order on hold as waiting, with the refusal, and sends it no warning', () => {
		const onHold = job({ state: { name: 'On Hold', operations: presetOperations('on_hold') } });
		const steps = planTimedRules({
			rules: [shippedToPickup],
			jobs: [onHold],
			now: utc('2026-10-20T00:00:00Z'),
			until: utc('2026-11-30T00:00:00Z'),
			timeZone: PRAGUE
		});
		expect(steps).toEqual([
			{
				kind: 'move',
				ruleId: 1,
				jobId: 1,
				at: due,
				waiting: 'Order 1042 is On Hold: moving jobs is not allowed',
				waitingRef: {
					key: 'refusal_order_state',
					params: { order: '1042', state: 'On Hold', operation: 'move' }
				}
			}
		]);
	});

	it('names the phase operation a state forbids: a layaway order may move but not complete', () => {
		const layaway = job({
			stageId: 101,
			state: { name: 'Layaway', operations: presetOperations('layaway') }
		});
		const steps = planTimedRules({
			rules: [pickupToIssued],
			jobs: [layaway],
			now: utc('2026-10-01T00:00:00Z'),
			until: utc('2026-10-08T00:00:00Z'),
			timeZone: PRAGUE
		});
		expect(steps).toEqual([
			{
				kind: 'move',
				ruleId: 2,
				jobId: 1,
				at: utc('2026-10-03T08:00:00Z'),
				waiting: 'Order 1042 is Layaway: completing is not allowed',
				waitingRef: {
					key: 'refusal_order_state',
					params: { order: '1042', state: 'Layaway', operation: 'complete' }
				}
			}
		]);
	});

	it('applies the rule of the job’s stage only, and the first one when two share a stage', () => {
		const other: PlanRule = {
			...shippedToPickup,
			id: 7,
			toStage: { id: 103, meaning: 'cancelled' }
		};
		const jobs = [job({ id: 1 }), job({ id: 2, stageId: 555 }), job({ id: 3, workflowId: 11 })];
		const steps = planTimedRules({
			rules: [other, shippedToPickup],
			jobs,
			now: utc('2026-10-20T00:00:00Z'),
			until: utc('2026-11-30T00:00:00Z'),
			timeZone: PRAGUE
		});
		expect(steps.map((s) => [s.ruleId, s.jobId])).toEqual([
			[1, 1],
			[1, 1]
		]);
	});

	it('honours a shop setting that switches moving off', () => {
		const steps = planTimedRules({
			rules: [pickupToIssued],
			jobs: [job({ stageId: 101 })],
			now: utc('2026-10-01T00:00:00Z'),
			until: utc('2026-10-08T00:00:00Z'),
			timeZone: PRAGUE,
			disabledOperations: ['move']
		});
		expect(steps[0]!.waiting).toBe('Moving jobs is switched off in the shop settings');
	});
});

describe('timedRuleName', () => {
	it('reads as the rule', () => {
		expect(
			timedRuleName('Shipped', 'Delivered to pickup point', { amount: 4, unit: 'weeks' })
		).toBe('Shipped → Delivered to pickup point after 4 weeks');
	});
});
