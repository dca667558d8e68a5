import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { JobLedger } from '../src/lib/client/job-ledger';
import type { BoardJob } from '../src/lib/contract/views';

/**
 * The screens of the storm benchmark, in a process of their own (`bench/storm.ts` starts a few, so parsing 200
 * snapshots does not run on one core beside the server). Asked over IPC, it opens `count` sockets at once, each
 * subscribing to the board and merging the snapshot with the events around it by version, as the browser does
 * (`JobLedger`), and answers with the wall-clock time at which each one was resynced.
 */
type Command = {
	url: string;
	auth: Record<string, unknown>;
	workflowId: number;
	count: number;
	/** Keep the sockets open afterwards (the memory measurement); otherwise they are closed. */
	keep: boolean;
};

const now = () => performance.timeOrigin + performance.now();
let open: Socket[] = [];

function resync(command: Command): Promise<{ at: number; cards: number }> {
	return new Promise((resolve, reject) => {
		const socket = connect(command.url, {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			timeout: 300_000,
			auth: command.auth
		});
		open.push(socket);
		const ledger = new JobLedger();
		socket.on('board:syncing', () => ledger.beginSync());
		socket.on('job:updated', ({ job }: { job: BoardJob }) => ledger.updated(job));
		socket.on('job:removed', ({ jobId, version }: { jobId: number; version: number }) =>
			ledger.removed(jobId, version)
		);
		socket.once('connect_error', (error) => reject(error));
		socket.once('connect', async () => {
			const ack = (await socket
				.timeout(300_000)
				.emitWithAck('subscribe', { board: command.workflowId })) as {
				ok: boolean;
				board?: { jobs: BoardJob[] };
			};
			if (!ack.ok || !ack.board) return reject(new Error(`subscribe: ${JSON.stringify(ack)}`));
			ledger.applySnapshot(ack.board.jobs);
			const at = now();
			// The merged board is not needed any longer: hundreds of 10,000-card ledgers would not fit in memory.
			socket.removeAllListeners();
			if (!command.keep) socket.disconnect();
			resolve({ at, cards: Object.keys(ledger.jobs).length });
		});
	});
}

process.on('message', async (message: { command?: Command; close?: true }) => {
	if (message.close) {
		for (const socket of open) socket.disconnect();
		open = [];
		process.send!({ closed: true });
		return;
	}
	const command = message.command!;
	try {
		const results = await Promise.all(Array.from({ length: command.count }, () => resync(command)));
		if (!command.keep) {
			for (const socket of open) socket.disconnect();
			open = [];
		}
		process.send!({ results });
	} catch (error) {
		process.send!({ error: String(error) });
	}
});
process.send!({ ready: true });
