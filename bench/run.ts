import { benchBigBoard } from './big-board';
import { benchAnalytics } from './analytics';
import { benchBoardState } from './board-state';
import { benchCluster } from './cluster';
import { benchEta } from './eta';
import { benchFanout } from './fanout';
import { benchMoves } from './move';
import { benchPaint } from './paint';
import { benchSnapshot } from './snapshot';
import { benchStorm } from './storm';
import { benchSweep } from './sweep';
import { formatLine, BENCH_URL, type BenchLine } from './support';

/** `npm run bench`: every benchmark, each printed next to its baseline measured in the same run. */
const benches: Record<string, () => Promise<BenchLine | BenchLine[]>> = {
	moves: benchMoves,
	fanout: benchFanout,
	snapshot: benchSnapshot,
	sweep: benchSweep,
	'board-state': benchBoardState,
	cluster: benchCluster,
	storm: benchStorm,
	paint: benchPaint,
	'big-board': benchBigBoard,
	eta: benchEta,
	analytics: benchAnalytics
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in benches));
if (unknown.length) {
	console.error(
		`No benchmark named ${unknown.join(', ')}; the benchmarks: ${Object.keys(benches).join(', ')}`
	);
	process.exit(2);
}
console.log(`Floorboard benchmarks on ${new URL(BENCH_URL).host} (${new Date().toISOString()})\n`);
for (const [name, run] of Object.entries(benches)) {
	if (only.length && !only.includes(name)) continue;
	const lines = [await run()].flat();
	for (const line of lines) console.log(formatLine(line) + '\n');
}
process.exit(0);
