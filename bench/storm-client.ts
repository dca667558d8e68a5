import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { JobLedger } from '../src/lib/client/job-ledger';
import { HeldSnapshot, type BoardAnswer } from '../src/lib/client/held-snapshot';
import type { BoardJob, BoardSnapshot } from '../src/lib/contract/views';

/**
 * The screens of the storm benchmark, in a process of their own (`bench/storm.ts` starts a few, so parsing 200
 * snapshots does not run on one core beside the server). Asked over IPC, it opens `count` sockets at once, each
 * subscribing to the board and merging the snapshot with the events around it by version, as the browser does
 * (`JobLedger`), and answers with the wall-clock time at which each one was resynced. `prime` first subscribes once
 * and keeps that snapshot and its fingerprint; a `resume` storm's sockets are screens that hold it and resubscribe
 * naming it (`since`), as the browser's live board does after a reconnection (`HeldSnapshot`).
 */
type Command = {
	url: string;
	auth: Record<string, unknown>;
	workflowId: number;
	count: number;
	/** Keep the sockets open afterwards (the memory measurement); otherwise they are closed. */
	keep: boolean;
	/** Subscribe once and hold that snapshot for the `resume` storms that follow. */
	prime?: boolean;
	/** Each socket holds the primed snapshot and names it when it subscribes. */
	resume?: boolean;
	/** A card every merged board must show at this version (the move made since the snapshot was primed). */
	expect?: { jobId: number; version: number };
};

type Kind = 'board' | 'unchanged' | 'delta';
let primed: { board: BoardSnapshot; fingerprint: string } | null = null;

const now = () => performance.timeOrigin + performance.now();
let open: Socket[] = [];

function resync(
	command: Command
): Promise<{ at: number; cards: number; kind: Kind; bytes: number }> {
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
			const held = new HeldSnapshot();
			if (command.resume) {
				if (!primed) return reject(new Error('resume before prime'));
				held.take(primed);
			}
			let bytes = 0;
			socket.io.engine.on('packet', (packet: { data?: unknown }) => {
				if (typeof packet.data === 'string') bytes += packet.data.length;
			});
			const since = held.fingerprint;
			// A socket dropped under load (a missed ping) fails the storm with a message instead of killing the process.
			const ack = (await socket
				.timeout(300_000)
				.emitWithAck('subscribe', { board: command.workflowId, ...(since ? { since } : {}) })
				.catch((error: Error) => ({ ok: false, error: error.message }))) as
				({ ok: true } & BoardAnswer) | { ok: false };
			const snapshot = ack.ok ? held.take(ack) : null;
			if (!ack.ok || !snapshot)
				return reject(new Error(`subscribe: ${JSON.stringify(ack).slice(0, 300)}`));
			ledger.applySnapshot(snapshot.jobs);
			const at = now();
			const kind: Kind = 'unchanged' in ack ? 'unchanged' : 'delta' in ack ? 'delta' : 'board';
			if (command.prime && 'board' in ack && ack.fingerprint)
				primed = { board: ack.board as BoardSnapshot, fingerprint: ack.fingerprint };
			const expected = command.expect;
			if (expected && ledger.jobs[expected.jobId]?.version !== expected.version)
				return reject(
					new Error(
						`job ${expected.jobId}: merged version ${ledger.jobs[expected.jobId]?.version}, expected ${expected.version} (${kind})`
					)
				);
			// The merged board is not needed any longer: hundreds of 10,000-card ledgers would not fit in memory.
			socket.removeAllListeners();
			if (!command.keep) socket.disconnect();
			resolve({ at, cards: Object.keys(ledger.jobs).length, kind, bytes });
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
