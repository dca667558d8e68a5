import pg from 'pg';
import { sleep } from '../helpers/sockets';
import { call, type RunningServer } from './harness';

/** Helpers of the PostgreSQL-restart e2e test (database-restart.test.ts): requests, probes and the test's rule. */

export const METRICS_TOKEN = 'restart-test-metrics-token';

/** Polls an async condition every 200 ms until it holds; throws with `what` after `timeoutMs`. */
export async function until(
	condition: () => Promise<boolean>,
	timeoutMs: number,
	what: string
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition().catch(() => false)) return;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

/** `/readyz` answers 200: the process reaches the database again (it answers 503 while it cannot). */
export async function isReady(server: RunningServer): Promise<boolean> {
	const response = await fetch(`${server.url}/readyz`).catch(() => null);
	await response?.body?.cancel();
	return response?.status === 200;
}

/** When the process's last timed-rule sweep finished (Unix seconds, from `/metrics`), 0 before its first. */
export async function lastSweep(server: RunningServer): Promise<number> {
	const metrics = await call<string>(server, 'GET', '/metrics', METRICS_TOKEN);
	const match = /^floorboard_sweep_last_run_timestamp_seconds(?:\{[^}]*\})? (\S+)$/m.exec(
		metrics.body
	);
	return match ? Number(match[1]) : 0;
}

/**
 * Two stages of one workflow for the test's own timed rule: no WIP limit, no meaning, neither the stage of a job the
 * move part uses nor the from-stage of a rule of the demo's (so only the test's rule moves the jobs it seeds there).
 */
export async function ruleStages(
	url: string,
	avoid: ReadonlySet<number>
): Promise<{ workflowId: number; from: number; to: number }> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	const { rows } = await client
		.query<{ workflow_id: number; id: number; ruled: boolean }>(
			`select s.workflow_id, s.id, exists (select 1 from timed_rules r where r.from_stage_id = s.id) as ruled
			from stages s where s.meaning = 'none' and s.wip_limit is null order by s.workflow_id, s.position`
		)
		.finally(() => client.end());
	for (const from of rows) {
		if (from.ruled || avoid.has(from.id)) continue;
		const to = rows.find((row) => row.workflow_id === from.workflow_id && row.id !== from.id);
		if (to) return { workflowId: from.workflow_id, from: from.id, to: to.id };
	}
	throw new Error('the demo has no two stages for the test rule');
}
