import { readFileSync } from 'node:fs';

/**
 * `npx tsx bench/trace-summary.ts trace.json [minTaskMs]`: what a Chromium trace (`BENCH_PAINT_TRACE`) shows of the
 * page's main thread — its paints, its tasks over `minTaskMs` (default 30) with what runs at their top, and the
 * functions the CPU profile's samples fall in during each of them (self time).
 */
type TraceEvent = {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	id?: string;
	args?: Record<string, unknown> & { data?: Record<string, unknown>; name?: string };
};
type ProfileNode = {
	id: number;
	parent?: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
};

const [file, min = '30'] = process.argv.slice(2);
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events: TraceEvent[] = Array.isArray(raw) ? raw : raw.traceEvents;
const minTask = Number(min) * 1000;

const mains = events.filter(
	(e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
);
const busiest = mains
	.map((m) => ({
		m,
		// The app's page: the thread that ran the app's own code (Chromium's own pages run in renderers too).
		n: events.filter(
			(e) =>
				e.pid === m.pid &&
				e.tid === m.tid &&
				JSON.stringify(e.args?.data ?? {}).includes('/_app/immutable/')
		).length
	}))
	.sort((a, b) => b.n - a.n)[0].m;
const main = events
	.filter((e) => e.pid === busiest.pid && e.tid === busiest.tid)
	.sort((a, b) => a.ts - b.ts);
const start =
	main.findLast(
		(e) =>
			e.name === 'navigationStart' &&
			String((e.args?.data as { documentLoaderURL?: string })?.documentLoaderURL ?? '').startsWith(
				'http'
			)
	)?.ts ?? events.filter((e) => e.ts > 0).reduce((t, e) => Math.min(t, e.ts), Infinity);
const at = (ts: number) => `${((ts - start) / 1000).toFixed(0).padStart(5)} ms`;

for (const e of main)
	if (
		[
			'navigationStart',
			'responseEnd',
			'domInteractive',
			'domContentLoadedEventEnd',
			'firstPaint',
			'firstContentfulPaint',
			'loadEventEnd'
		].includes(e.name) ||
		(e.ph === 'R' && e.name.startsWith('first'))
	)
		console.log(`${at(e.ts)}  mark ${e.name}`);

const frames = main.filter((e) => e.name === 'Paint' && e.ph === 'X').map((e) => e.ts);
console.log(`paints: ${frames.slice(0, 8).map(at).join(', ')}${frames.length > 8 ? ' …' : ''}`);

// The CPU profile: samples on this thread.
const nodes = new Map<number, ProfileNode>();
const samples: { ts: number; node: number }[] = [];
const profiles = new Map<string, number>(); // profile id → its clock
for (const e of events) {
	if (e.name === 'Profile' && e.pid === busiest.pid)
		profiles.set(e.id!, (e.args!.data as { startTime: number }).startTime);
	if (e.name !== 'ProfileChunk' || e.pid !== busiest.pid) continue;
	const data = e.args!.data as {
		cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
		timeDeltas?: number[];
	};
	for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
	let clock = profiles.get(e.id!) ?? 0;
	const deltas = data.timeDeltas ?? [];
	(data.cpuProfile?.samples ?? []).forEach((node, i) => {
		clock += deltas[i] ?? 0;
		samples.push({ ts: clock, node });
	});
	profiles.set(e.id!, clock);
}
const label = (id: number) => {
	const frame = nodes.get(id)?.callFrame;
	if (!frame) return '?';
	const url = (frame.url ?? '').replace(/^.*\/_app\/immutable\//, '');
	return `${frame.functionName || '(anonymous)'} ${url}:${frame.lineNumber + 1}`;
};
/** The nearest ancestor from the app's own code or the framework (not a builtin), for a sample's caller. */
const caller = (id: number) => {
	let node = nodes.get(id);
	const seen = [];
	while (node && seen.length < 4) {
		node = node.parent !== undefined ? nodes.get(node.parent) : undefined;
		if (node?.callFrame?.url) seen.push(label(node.id));
	}
	return seen.join(' < ');
};

const tasks = main.filter(
	(e) =>
		e.ph === 'X' &&
		(e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
		(e.dur ?? 0) >= minTask
);
for (const task of tasks) {
	const end = task.ts + task.dur!;
	const inside = main.filter(
		(e) => e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e !== task
	);
	const top = new Map<string, number>();
	for (const e of inside) {
		if (
			![
				'EvaluateScript',
				'FunctionCall',
				'ParseHTML',
				'Layout',
				'UpdateLayoutTree',
				'Paint',
				'MajorGC',
				'MinorGC',
				'V8.GC_SCAVENGER',
				'v8.compile',
				'v8.compileModule',
				'v8.evaluateModule',
				'TimerFire',
				'EventDispatch',
				'FireAnimationFrame',
				'RunMicrotasks',
				'v8.run',
				'ParseAuthorStyleSheet',
				'PrePaint',
				'Commit',
				'HitTest'
			].includes(e.name)
		)
			continue;
		const data = e.args?.data as
			{ url?: string; functionName?: string; type?: string; stackTrace?: unknown } | undefined;
		const what = `${e.name}${data?.type ? ' ' + data.type : ''}${data?.functionName ? ' ' + data.functionName : ''}${data?.url ? ' ' + String(data.url).replace(/^.*\//, '') : ''}`;
		top.set(what, (top.get(what) ?? 0) + (e.dur ?? 0));
	}
	console.log(`\n${at(task.ts)}  task ${(task.dur! / 1000).toFixed(1)} ms`);
	for (const [what, dur] of [...top].sort((a, b) => b[1] - a[1]).slice(0, 10))
		console.log(`    ${(dur / 1000).toFixed(1).padStart(7)} ms  ${what}`);
	const self = new Map<number, number>();
	let count = 0;
	let previous = task.ts;
	for (const s of samples) {
		if (s.ts < task.ts || s.ts > end) continue;
		self.set(s.node, (self.get(s.node) ?? 0) + (s.ts - previous));
		previous = s.ts;
		count++;
	}
	const byFunction = new Map<string, { dur: number; caller: string }>();
	for (const [node, dur] of self) {
		const key = label(node);
		const was = byFunction.get(key);
		byFunction.set(key, { dur: (was?.dur ?? 0) + dur, caller: was?.caller ?? caller(node) });
	}
	if (count)
		for (const [key, { dur, caller: from }] of [...byFunction]
			.sort((a, b) => b[1].dur - a[1].dur)
			.slice(0, 12))
			console.log(`      self ${(dur / 1000).toFixed(1).padStart(6)} ms  ${key}   < ${from}`);
}
