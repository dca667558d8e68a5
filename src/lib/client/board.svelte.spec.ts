import { describe, expect, it } from 'vitest';
import { BoardState, type BoardJob, type BoardSnapshot } from './board.svelte';
import type { StageView } from '$lib/contract/views';
import { flyerJob } from '$lib/testing/board-job';

const job = (id: number, stageId: number, rank: string, version = 1): BoardJob =>
	flyerJob(id, { stageId, rank, version });
const stage = (id: number): StageView => ({
	id,
	workflowId: 1,
	position: id,
	internalName: `Stage ${id}`,
	externalName: `Stage ${id}`,
	meaning: 'none',
	departmentId: null,
	description: '',
	color: '#888888',
	icon: 'circle',
	wipLimit: null,
	wipEnforced: false
});
const snapshot = (jobs: BoardJob[], stages: StageView[] = []): BoardSnapshot => ({
	workflow: { id: 1, name: 'Offset', description: '', isDefault: true, valid: true, problems: [] },
	departments: [],
	stages,
	jobs,
	finishedWindowDays: 14
});
const ids = (jobs: readonly BoardJob[]) => jobs.map((j) => j.id);

describe('BoardState', () => {
	it('keeps each column in rank order, ties by id', () => {
		const board = new BoardState(
			snapshot([job(1, 10, 'a2'), job(2, 10, 'a0'), job(3, 11, 'a1'), job(4, 10, 'a0')])
		);
		expect(ids(board.column(10))).toEqual([2, 4, 1]);
		expect(ids(board.column(11))).toEqual([3]);
		expect(board.column(12)).toEqual([]);
	});

	it('moves a card on a newer version, ignores an older one, and drops a removed one', () => {
		const board = new BoardState(snapshot([job(1, 10, 'a0', 3), job(2, 10, 'a1')]));
		board.jobUpdated(job(1, 11, 'a0', 2));
		expect(ids(board.column(10))).toEqual([1, 2]);
		board.jobUpdated(job(1, 11, 'a5', 4));
		expect(ids(board.column(10))).toEqual([2]);
		expect(ids(board.column(11))).toEqual([1]);
		board.jobRemoved(2, 2);
		expect(board.column(10)).toEqual([]);
	});

	it('merges a resubscription’s snapshot with the events around it instead of replacing the board', () => {
		const board = new BoardState(snapshot([job(1, 10, 'a0', 1), job(2, 10, 'a1', 1)]));
		board.syncing();
		board.jobUpdated(job(1, 11, 'a0', 2)); // after the marker: newer than the snapshot below
		board.jobRemoved(2, 2);
		board.synced(snapshot([job(1, 10, 'a0', 1), job(2, 10, 'a1', 1), job(7, 10, 'a2', 1)]));
		expect(ids(board.column(10))).toEqual([7]);
		expect(ids(board.column(11))).toEqual([1]);
	});

	it('keeps its columns (the same objects) when a snapshot brings the same stages', () => {
		const board = new BoardState(snapshot([], [stage(10), stage(11)]));
		const stages = board.stages;
		board.synced(snapshot([job(1, 10, 'a0')], [stage(10), stage(11)]));
		expect(board.stages).toBe(stages);
		board.synced(snapshot([], [stage(10)]));
		expect(board.stages.map((s) => s.id)).toEqual([10]);
	});

	it('shows an optimistic move until the server answers, and puts a refused one back', () => {
		const board = new BoardState(snapshot([job(1, 10, 'a0', 3)]));
		board.moveOptimistically(job(1, 11, 'a0', 3));
		expect(ids(board.column(11))).toEqual([1]);
		board.dropOptimistic(1);
		expect(ids(board.column(10))).toEqual([1]);
		board.moveOptimistically(job(1, 11, 'a0', 3));
		board.jobUpdated(job(1, 11, 'a0', 4));
		expect(board.jobs[1].version).toBe(4);
	});

	it('builds again only the columns a change touched, and keeps every column right', () => {
		const board = new BoardState(
			snapshot([job(1, 10, 'a0'), job(2, 10, 'a1'), job(3, 11, 'a0'), job(4, 12, 'a0')])
		);
		const [ten, eleven, twelve] = [board.column(10), board.column(11), board.column(12)];
		board.jobUpdated(job(1, 11, 'a1', 2)); // 10 → 11
		expect(board.column(12)).toBe(twelve); // untouched: the same array, not rendered again
		expect(board.column(10)).not.toBe(ten);
		expect(ids(board.column(10))).toEqual([2]);
		expect(ids(board.column(11))).toEqual([3, 1]);
		expect(eleven).toEqual([job(3, 11, 'a0')]); // the old array was not changed in place
		board.jobUpdated(job(2, 10, 'a2', 2)); // a new version in the same column
		expect(board.column(10)[0].version).toBe(2);
		board.jobRemoved(4, 2);
		expect(board.column(12)).toEqual([]);
		board.jobUpdated(job(5, 12, 'a0')); // a new job into an emptied column
		board.moveOptimistically(job(3, 10, 'a0', 1));
		expect(ids(board.column(10))).toEqual([3, 2]);
		expect(ids(board.column(11))).toEqual([1]);
		expect(ids(board.column(12))).toEqual([5]);
		board.dropOptimistic(3);
		expect(ids(board.column(10))).toEqual([2]);
		expect(ids(board.column(11))).toEqual([3, 1]);
	});
});
