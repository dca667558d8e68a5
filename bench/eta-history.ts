/**
 * A generated year of a print shop's history for the `eta` bench: one workflow like the demo's business cards,
 * three products at different paces, jobs arriving on working days, stage durations skewed to the right
 * (log-normal, in working time), a few side trips (awaiting payment, reprints) and a busy season that slows
 * everything down — so the past is a fair but imperfect guide to the future, as in a real shop.
 */
import { mulberry32 } from '../src/lib/server/seed/demo-plan';
import type { EtaStage } from '../src/lib/domain/eta';
import { DAY, HOUR, workingClock } from '../src/lib/domain/working-clock';
import type { WorkingCalendar } from '../src/lib/domain/working-days';
import type { FinishedJobHistory } from '../src/lib/server/eta/samples';

export const CALENDAR: WorkingCalendar = {
	workingDays: [1, 2, 3, 4, 5],
	closedDates: ['2025-12-24', '2025-12-25', '2025-12-26', '2026-01-01', '2026-04-06', '2026-05-01'],
	timeZone: 'Europe/Prague'
};

/** [id, meaning, median working hours, spread (σ of the log), share of jobs that pass it]. */
const STAGES: [number, EtaStage['meaning'], number, number, number][] = [
	[1, 'received', 2, 0.8, 1],
	[2, 'none', 16, 0.9, 0.2], // awaiting payment: web orders only
	[3, 'none', 4, 0.7, 1], // prepress check
	[4, 'none', 10, 1.0, 1], // proof approved: the customer's time
	[5, 'in_production', 6, 0.6, 1],
	[6, 'none', 20, 0.5, 0.05], // printed with defect: a reprint
	[7, 'none', 3, 0.6, 1], // cutting & boxing
	[8, 'shipped', 0, 0, 1]
];
export const WORKFLOW_STAGES: EtaStage[] = STAGES.map(([id, meaning], position) => ({
	id,
	position,
	meaning
}));

/** Products: [id, how much slower than the workflow's medians]. */
const PRODUCTS: [number, number][] = [
	[1, 1],
	[2, 1.6],
	[3, 0.7]
];

export interface GeneratedJob extends FinishedJobHistory {
	/** Stage ids in the order entered, with when (the stays' `from`). */
	leadTime: number | null;
}

/** About `perDay` jobs a working day over a year from `start`, all finished (seeded: the same year every run). */
export function generateYear(start: number, perDay = 12, seed = 17): GeneratedJob[] {
	const random = mulberry32(seed);
	const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
	const clock = workingClock(CALENDAR, start, start + 400 * DAY);
	const jobs: GeneratedJob[] = [];
	let jobId = 1;
	for (let day = 0; day < 365; day++) {
		const dayStart = start + day * DAY;
		if (clock.between(dayStart, dayStart + DAY) === 0) continue;
		// Autumn is the busy season: everything takes up to half as long again.
		const season = 1 + 0.5 * Math.max(0, Math.sin(((day - 240) / 120) * Math.PI));
		const arrivals = Math.round(perDay * (0.6 + 0.8 * random()));
		for (let n = 0; n < arrivals; n++) {
			const [productId, pace] = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
			let at = dayStart + (7 + 10 * random()) * HOUR;
			const stays: FinishedJobHistory['stays'] = [];
			for (const [stageId, meaning, median, sigma, share] of STAGES) {
				if (meaning === 'shipped') break;
				if (random() >= share) continue;
				const working = median * HOUR * pace * season * Math.exp(sigma * normal());
				const to = clock.instantAfter(at, working)!;
				stays.push({ stageId, from: at, to });
				at = to;
			}
			jobs.push({ jobId: jobId++, productId, workflowId: 1, finishedAt: at, stays, leadTime: 3 });
		}
	}
	return jobs;
}
