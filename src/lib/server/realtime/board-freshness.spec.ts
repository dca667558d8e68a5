import { describe, expect, it } from 'vitest';
import { SharedSnapshots } from '../boards/shared-snapshot';
import { followOtherProcessesBoards } from './board-freshness';
import type { FloorboardServer } from './types';

function fakeServer() {
	const order: string[] = [];
	const adapter = {
		onMessage(message: { type: number; data?: unknown }) {
			order.push(`delivered ${message.type}`);
		}
	};
	const io = { of: () => ({ adapter }) } as unknown as FloorboardServer;
	return { io, adapter, order };
}

const broadcast = (event: string) => ({ type: 3, data: { packet: { data: [event, {}] } } });

describe('followOtherProcessesBoards', () => {
	it('drops the shared snapshots before another process’s board event reaches the local sockets', () => {
		const { io, adapter, order } = fakeServer();
		const snapshots = new SharedSnapshots(() => Promise.reject(new Error('unused')));
		const invalidate = snapshots.invalidate.bind(snapshots);
		snapshots.invalidate = () => {
			order.push('dropped');
			invalidate();
		};
		followOtherProcessesBoards(io, snapshots);
		for (const event of ['job:updated', 'job:removed', 'board:changed'])
			adapter.onMessage(broadcast(event));
		expect(order).toEqual([
			'dropped',
			'delivered 3',
			'dropped',
			'delivered 3',
			'dropped',
			'delivered 3'
		]);
		adapter.onMessage(broadcast('notification:new'));
		adapter.onMessage({ type: 4 });
		expect(snapshots.sequence).toBe(3);
	});

	it('does nothing without a cluster adapter', () => {
		const io = { of: () => ({ adapter: {} }) } as unknown as FloorboardServer;
		expect(() =>
			followOtherProcessesBoards(io, new SharedSnapshots(async () => ({}) as never))
		).not.toThrow();
	});
});
