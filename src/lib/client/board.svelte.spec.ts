import { describe, expect, it } from 'vitest';
import { BoardState, type BoardJob, type BoardSnapshotData } from './board.svelte';

const job = (id: number, stageId: number, rank: string, version = 1): BoardJob => ({
	id,
	orderId: id,
	orderNumber: 1000 + id,
	workflowId: 1,
	productId: 1,
	productName: 'Flyers',
	title: `Job ${id}`,
	quantity: 100,
	stageId,
	phase: 'in_production',
	contractorId: null,
	version,
	enteredStageAt: '2026-11-23T10:00:00Z',
	rank,
	dueAt: null
});
const snapshot = (jobs: BoardJob[]): BoardSnapshotData => ({ workflow: { id: 1, name: 'Offset', description: '' }, departments: [], stages: [], jobs });
const ids = (jobs: readonly BoardJob[]) => jobs.map((j) => j.id);

describe('BoardState', () => {
	it('keeps each column in rank order, ties by id', () => {
		const board = new BoardState(snapshot([job(1, 10, 'a2'), job(2, 10, 'a0'), job(3, 11, 'a1'), job(4, 10, 'a0')]));
		expect(ids(board.column(10))).toEqual([2, 4, 1]);
		expect(ids(board.column(11))).toEqual([3]);
		expect(board.column(12)).toEqual([]);
	});

	it('moves a card on a newer version, ignores an older one, and drops a removed one', () => {
		const board = new BoardState(snapshot([job(1, 10, 'a0', 3), job(2, 10, 'a1')]));
		board.upsert(job(1, 11, 'a0', 2));
		expect(ids(board.column(10))).toEqual([1, 2]);
		board.upsert(job(1, 11, 'a5', 4));
		expect(ids(board.column(10))).toEqual([2]);
		expect(ids(board.column(11))).toEqual([1]);
		board.remove(2);
		expect(board.column(10)).toEqual([]);
		board.load(snapshot([job(7, 10, 'a0')]));
		expect(ids(board.column(10))).toEqual([7]);
		expect(board.column(11)).toEqual([]);
	});
});
