import type { RequestHandler } from './$types';
import { db, getContext } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { notFound } from '$lib/server/errors';
import { queryObject } from '$lib/server/query-params';
import { flowAnalytics } from '$lib/server/analytics/flow';
import { csvResponse } from '$lib/server/reports/csv';
import { FLOW_TABLES, flowCsv, type FlowTable } from '$lib/server/analytics/csv';

/** `/analytics/stages.csv`, `…/throughput.csv`, `…/weekly.csv`, `…/cfd.csv`: each table of the page, same filters. */
export const GET: RequestHandler = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	if (!FLOW_TABLES.includes(params.table as FlowTable)) throw notFound('This table');
	const view = await flowAnalytics(
		db(),
		actor,
		queryObject(url.searchParams),
		getContext().config.shopTimeZone
	);
	return csvResponse(
		`${params.table}-${view.workflow.name}-${view.from}-${view.to}.csv`,
		flowCsv(view, params.table as FlowTable)
	);
});
