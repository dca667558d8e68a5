import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { BigAnswerQueue } from './turns';

/** An Engine.IO connection as the queue sees it: a transport that is busy writing until it drains. */
function connection() {
	const transport = Object.assign(new EventEmitter(), { writable: true });
	const conn = Object.assign(new EventEmitter(), { readyState: 'open', transport });
	return {
		conn,
		/** The answer is being written: the transport is busy until `drain`. */
		writing: () => void (transport.writable = false),
		drain: () => {
			transport.writable = true;
			transport.emit('drain');
		},
		close: () => {
			conn.readyState = 'closed';
			conn.emit('close');
		}
	};
}

const turnsPass = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Takes a slot for `socket`; the answer starts being written right away, as the subscribe handler's ack is. */
function answer(queue: BigAnswerQueue, socket: ReturnType<typeof connection>) {
	let sent = false;
	const done = queue.take(socket.conn).then(() => {
		sent = true;
		socket.writing();
	});
	return { done, sent: () => sent };
}

describe('BigAnswerQueue', () => {
	it('lets `limit` answers out at once and the next one only when a client has read one', async () => {
		const queue = new BigAnswerQueue(2);
		const sockets = [connection(), connection(), connection()];
		const answers = sockets.map((socket) => answer(queue, socket));
		await Promise.all([answers[0].done, answers[1].done]);
		await turnsPass();
		expect(answers[2].sent()).toBe(false);
		sockets[1].drain();
		await answers[2].done;
		expect(queue.inFlight).toBe(2);
		sockets[0].drain();
		sockets[2].drain();
		await turnsPass();
		expect(queue.inFlight).toBe(0);
	});

	it('frees the slot of a connection that closes before its client read the answer', async () => {
		const queue = new BigAnswerQueue(1);
		const [gone, next] = [connection(), connection()];
		const first = answer(queue, gone);
		const second = answer(queue, next);
		await first.done;
		await turnsPass();
		expect(second.sent()).toBe(false);
		gone.close();
		await second.done;
		expect(second.sent()).toBe(true);
	});

	it('gives one connection one slot: a client asking again before reading holds up only itself', async () => {
		const queue = new BigAnswerQueue(2);
		const [greedy, other] = [connection(), connection()];
		const first = answer(queue, greedy);
		const again = answer(queue, greedy);
		const theOther = answer(queue, other);
		await first.done;
		await theOther.done;
		await turnsPass();
		expect(again.sent()).toBe(false);
		expect(queue.inFlight).toBe(2);
		greedy.drain();
		await again.done;
		expect(again.sent()).toBe(true);
		greedy.drain();
		other.drain();
		await turnsPass();
		expect(queue.inFlight).toBe(0);
	});

	it('frees the slot of a client that never reads after the timeout', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const queue = new BigAnswerQueue(1, 10_000);
			const [stuck, next] = [connection(), connection()];
			await answer(queue, stuck).done;
			const second = answer(queue, next);
			await turnsPass();
			expect(second.sent()).toBe(false);
			vi.advanceTimersByTime(10_000);
			await second.done;
			expect(second.sent()).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});
});
