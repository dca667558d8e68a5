import type { FlowView } from '../../contract/analytics';
import { toCsv } from '../reports/csv';

export const FLOW_TABLES = ['stages', 'throughput', 'weekly', 'cfd'] as const;
export type FlowTable = (typeof FLOW_TABLES)[number];

/** One table of the flow analytics as CSV (the reports' CSV rules: BOM, CRLF, defused formulas). */
export function flowCsv(view: FlowView, table: FlowTable): string {
	switch (table) {
		case 'stages':
			return toCsv<FlowView['stages'][number] | (FlowView['cycleTime'] & { name: string })>(
				[
					{ header: 'Stage', value: (row) => row.name },
					{ header: 'Median hours', value: (row) => row.medianHours },
					{ header: '80th percentile hours', value: (row) => row.p80Hours },
					{ header: 'Jobs', value: (row) => row.count }
				],
				[
					...view.stages,
					{ name: 'Cycle time', ...view.cycleTime },
					{ name: 'Lead time', ...view.leadTime }
				]
			);
		case 'throughput':
			return toCsv<FlowView['throughput'][number]>(
				[
					{ header: 'Day', value: (row) => row.day },
					{ header: 'Completed', value: (row) => row.completed }
				],
				view.throughput
			);
		case 'weekly':
			return toCsv<FlowView['throughputWeekly'][number]>(
				[
					{ header: 'Week of', value: (row) => row.week },
					{ header: 'Completed', value: (row) => row.completed }
				],
				view.throughputWeekly
			);
		case 'cfd':
			return toCsv<FlowView['cfd'][number]>(
				[
					{ header: 'Day', value: (row) => row.day },
					...view.stages.map((stage) => ({
						header: stage.name,
						value: (row: FlowView['cfd'][number]) => row.counts[stage.stageId] ?? 0
					}))
				],
				view.cfd
			);
	}
}
