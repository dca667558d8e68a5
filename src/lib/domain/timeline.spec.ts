import { describe, expect, it } from 'vitest';
import { collapseTimeline, type TimelineEntry } from './timeline';

const e = (at: string, stageName: string, phase: TimelineEntry['phase'] = 'in_production'): TimelineEntry => ({
	at,
	stageName,
	phase
});

describe('collapseTimeline', () => {
	it('is empty for no entries', () => {
		expect(collapseTimeline([])).toEqual([]);
	});

	it('keeps the first time a run of equal names was reached', () => {
		const entries = [
			e('2026-01-01T08:00:00Z', 'Received', 'received'),
			e('2026-01-01T09:00:00Z', 'In production'),
			e('2026-01-01T10:00:00Z', 'In production'),
			e('2026-01-01T11:00:00Z', 'In production'),
			e('2026-01-02T08:00:00Z', 'Shipped', 'shipped')
		];
		expect(collapseTimeline(entries)).toEqual([entries[0], entries[1], entries[4]]);
	});

	it('treats a return to an earlier name after another name as a new entry', () => {
		const entries = [
			e('2026-01-01T08:00:00Z', 'Printing'),
			e('2026-01-01T09:00:00Z', 'Checking'),
			e('2026-01-01T10:00:00Z', 'Printing'),
			e('2026-01-01T10:30:00Z', 'Printing')
		];
		expect(collapseTimeline(entries).map((x) => x.at)).toEqual([
			'2026-01-01T08:00:00Z',
			'2026-01-01T09:00:00Z',
			'2026-01-01T10:00:00Z'
		]);
	});

	it('names every line that reached a collapsed step, each once, without changing its input', () => {
		const entries: TimelineEntry[] = [
			{ ...e('2026-01-01T08:00:00Z', 'Shipped', 'shipped'), items: ['Flyers'] },
			{ ...e('2026-01-01T09:00:00Z', 'Shipped', 'shipped'), items: ['Cards'] },
			{ ...e('2026-01-01T10:00:00Z', 'Shipped', 'shipped'), items: ['Flyers'] },
			{ ...e('2026-01-02T08:00:00Z', 'Delivered', 'completed'), items: ['Cards'] }
		];
		expect(collapseTimeline(entries).map((x) => [x.stageName, x.at, x.items])).toEqual([
			['Shipped', '2026-01-01T08:00:00Z', ['Flyers', 'Cards']],
			['Delivered', '2026-01-02T08:00:00Z', ['Cards']]
		]);
		expect(entries[0].items).toEqual(['Flyers']);
	});

	it('keeps extra fields and Date values', () => {
		const at = new Date('2026-05-01T00:00:00Z');
		const out = collapseTimeline([{ at, stageName: 'A', phase: 'received' as const, jobId: 3 }]);
		expect(out).toEqual([{ at, stageName: 'A', phase: 'received', jobId: 3 }]);
	});
});
