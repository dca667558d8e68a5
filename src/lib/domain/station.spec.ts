import { describe, expect, it } from 'vitest';
import {
	doneStageIds,
	inStationQueue,
	operatorExpiresAt,
	queueOrder,
	workedMinutes,
	type StationStage
} from './station';

const PREPRESS = 1;
const PRESS = 2;
const FINISHING = 3;
const stages: StationStage[] = [
	{ id: 10, position: 0, departmentId: PREPRESS, meaning: 'received' },
	{ id: 11, position: 1, departmentId: PREPRESS, meaning: 'none' },
	{ id: 20, position: 2, departmentId: PRESS, meaning: 'in_production' },
	{ id: 21, position: 3, departmentId: PRESS, meaning: 'none' },
	{ id: 30, position: 4, departmentId: FINISHING, meaning: 'none' },
	{ id: 40, position: 5, departmentId: FINISHING, meaning: 'completed' },
	{ id: 41, position: 6, departmentId: FINISHING, meaning: 'cancelled' }
];

describe('doneStageIds', () => {
	it('offers the rest of the department and the first stage of the next one', () => {
		expect(doneStageIds(stages, 20, null)).toEqual([21, 30]);
		expect(doneStageIds(stages, 21, null)).toEqual([30]);
		expect(doneStageIds(stages, 10, null)).toEqual([11, 20]);
	});

	it('never offers cancelling, and nothing after the last stage', () => {
		expect(doneStageIds(stages, 30, null)).toEqual([40]);
		expect(doneStageIds(stages, 40, null)).toEqual([]);
	});

	it('keeps only the stages the operator may use, looking past a refused hand-over', () => {
		expect(doneStageIds(stages, 20, new Set([30]))).toEqual([30]);
		expect(doneStageIds(stages, 20, new Set([21]))).toEqual([21]);
		expect(doneStageIds(stages, 20, new Set([40]))).toEqual([40]);
		expect(doneStageIds(stages, 20, new Set())).toEqual([]);
	});

	it('offers nothing for a job off the workflow', () => {
		expect(doneStageIds(stages, null, null)).toEqual([]);
		expect(doneStageIds(stages, 99, null)).toEqual([]);
	});
});

describe('queueOrder', () => {
	const job = (id: number, dueAt: string | null, planned: string | null, entered: string) => ({
		id,
		dueAt,
		plannedIssueAt: planned,
		enteredStageAt: entered
	});
	it('orders by due date, else planned date, then age, then id; undated last', () => {
		const jobs = [
			job(1, null, null, '2026-12-01T00:00:00.000Z'),
			job(2, '2026-12-09T00:00:00.000Z', null, '2026-12-05T00:00:00.000Z'),
			job(3, null, '2026-12-08T00:00:00.000Z', '2026-12-05T00:00:00.000Z'),
			job(4, '2026-12-09T00:00:00.000Z', null, '2026-12-04T00:00:00.000Z'),
			job(5, null, null, '2026-12-01T00:00:00.000Z')
		];
		expect([...jobs].sort(queueOrder).map((j) => j.id)).toEqual([3, 4, 2, 1, 5]);
	});
});

describe('the rest', () => {
	it('queues unfinished jobs of the station stages only', () => {
		const station = new Set([20, 21]);
		expect(inStationQueue({ stageId: 20, phase: 'in_production' }, station)).toBe(true);
		expect(inStationQueue({ stageId: 30, phase: 'in_production' }, station)).toBe(false);
		expect(inStationQueue({ stageId: 21, phase: 'cancelled' }, station)).toBe(false);
		expect(inStationQueue({ stageId: null, phase: 'draft' }, station)).toBe(false);
	});

	it('signs out after the idle minutes and counts whole minutes of work', () => {
		expect(operatorExpiresAt(new Date('2026-12-06T10:00:00Z'), 10).toISOString()).toBe(
			'2026-12-06T10:10:00.000Z'
		);
		expect(workedMinutes('2026-12-06T10:00:00Z', '2026-12-06T10:42:20Z')).toBe(42);
		expect(workedMinutes('2026-12-06T10:00:00Z', '2026-12-06T09:00:00Z')).toBe(0);
	});
});
