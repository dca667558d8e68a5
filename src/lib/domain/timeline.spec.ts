import { describe, expect, it } from 'vitest';
import { collapseTimeline, lineTimelines, type TimelineEntry } from './timeline';

const e = (
	at: string,
	stageName: string,
	phase: TimelineEntry['phase'] = 'in_production'
): TimelineEntry => ({
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

describe('lineTimelines', () => {
	const step = (
		line: number,
		title: string,
		at: string,
		stageName: string,
		phase: TimelineEntry['phase'] = 'in_production'
	) => ({ line, title, at, stageName, phase });

	it('collapses a line’s move between two stages of one external name, even when another line moved in between', () => {
		const steps = [
			step(1, 'Flyers', '2026-01-01T08:00:00Z', 'Order received', 'received'),
			step(2, 'Cards', '2026-01-01T08:00:00Z', 'Order received', 'received'),
			step(1, 'Flyers', '2026-01-01T09:00:00Z', 'In production'),
			step(2, 'Cards', '2026-01-01T10:00:00Z', 'Shipped', 'shipped'),
			step(1, 'Flyers', '2026-01-01T11:00:00Z', 'In production') // Printing → Cutting: the same name for the customer
		];
		const { order, lines } = lineTimelines(steps);
		expect(order.map((x) => [x.stageName, x.items])).toEqual([
			['Order received', ['Flyers', 'Cards']],
			['In production', ['Flyers']],
			['Shipped', ['Cards']]
		]);
		expect(lines.get(1)!.map((x) => [x.stageName, x.at])).toEqual([
			['Order received', '2026-01-01T08:00:00Z'],
			['In production', '2026-01-01T09:00:00Z']
		]);
		expect(lines.get(2)!.map((x) => x.stageName)).toEqual(['Order received', 'Shipped']);
	});

	it('keeps a line’s return to a name after another one as a new step', () => {
		const { lines, order } = lineTimelines([
			step(1, 'Book', '2026-01-01T08:00:00Z', 'In production'),
			step(1, 'Book', '2026-01-01T09:00:00Z', 'Shipped', 'shipped'),
			step(1, 'Book', '2026-01-01T10:00:00Z', 'In production')
		]);
		expect(lines.get(1)!.map((x) => x.stageName)).toEqual([
			'In production',
			'Shipped',
			'In production'
		]);
		expect(order).toHaveLength(3);
	});

	it('names both lines when they reach one name one after the other', () => {
		const { order } = lineTimelines([
			step(1, 'Flyers', '2026-01-01T08:00:00Z', 'In production'),
			step(2, 'Cards', '2026-01-01T09:00:00Z', 'In production')
		]);
		expect(order).toEqual([
			{
				at: '2026-01-01T08:00:00Z',
				stageName: 'In production',
				phase: 'in_production',
				items: ['Flyers', 'Cards']
			}
		]);
	});
});
