import { describe, expect, it } from 'vitest';
import { flowCsv } from './csv';
import type { FlowView } from '../../contract/analytics';

const view: FlowView = {
	workflow: { id: 1, name: 'Cards' },
	from: '2026-12-01',
	to: '2026-12-02',
	timeZone: 'Europe/Prague',
	filters: { productId: null, contractorId: null, departmentId: null },
	stages: [
		{
			stageId: 3,
			name: 'Press',
			color: '#000',
			departmentId: 1,
			medianHours: 2.5,
			p80Hours: 4,
			count: 7
		},
		{
			stageId: 4,
			name: '=Cut',
			color: '#000',
			departmentId: 1,
			medianHours: null,
			p80Hours: null,
			count: 0
		}
	],
	cycleTime: { medianHours: 10, p80Hours: 12, count: 5 },
	leadTime: { medianHours: 20, p80Hours: 30, count: 5 },
	throughput: [
		{ day: '2026-12-01', completed: 2 },
		{ day: '2026-12-02', completed: 0 }
	],
	throughputWeekly: [{ week: '2026-11-30', completed: 2 }],
	cfd: [{ day: '2026-12-01', counts: { 3: 1 } }]
};

const lines = (csv: string) => csv.slice(1).split('\r\n').filter(Boolean);

describe('flowCsv', () => {
	it('writes the stages with cycle and lead time, empty cells for no data, formulas defused', () => {
		expect(lines(flowCsv(view, 'stages'))).toEqual([
			'Stage,Median hours,80th percentile hours,Jobs',
			'Press,2.5,4,7',
			"'=Cut,,,0",
			'Cycle time,10,12,5',
			'Lead time,20,30,5'
		]);
	});

	it('writes a column per stage in the CFD, zero where a day has none', () => {
		expect(lines(flowCsv(view, 'cfd'))).toEqual(["Day,Press,'=Cut", '2026-12-01,1,0']);
		expect(lines(flowCsv(view, 'weekly'))).toEqual(['Week of,Completed', '2026-11-30,2']);
	});
});
