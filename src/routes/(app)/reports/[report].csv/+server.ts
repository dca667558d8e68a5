import type { RequestHandler } from './$types';
import { db, getContext } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { notFound } from '$lib/server/errors';
import { queryObject } from '$lib/server/query-params';
import { exportOrders, orderReport } from '$lib/server/reports/orders-report';
import { csvResponse, ordersCsv, reportCsv } from '$lib/server/reports/csv';

/** CSV downloads: `/reports/orders.csv`, `/reports/by-state.csv`, `/reports/by-phase.csv`, with the page's filters. */
export const GET: RequestHandler = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const query = queryObject(url.searchParams);
	const zone = getContext().config.shopTimeZone;
	const today = new Date().toISOString().slice(0, 10);
	switch (params.report) {
		case 'orders': {
			const { rows, timeZone } = await exportOrders(db(), actor, query, zone);
			return csvResponse(`orders-${today}.csv`, ordersCsv(rows, timeZone));
		}
		case 'by-state':
			return csvResponse(
				`orders-by-state-${today}.csv`,
				reportCsv(await orderReport(db(), actor, 'by-state', query, zone), 'State')
			);
		case 'by-phase':
			return csvResponse(
				`orders-by-phase-${today}.csv`,
				reportCsv(await orderReport(db(), actor, 'by-phase', query, zone), 'Phase')
			);
		default:
			throw notFound('This report');
	}
});
