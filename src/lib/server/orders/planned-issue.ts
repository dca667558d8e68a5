import { plannedIssueAt, type WorkingCalendar } from '../../domain/working-days';
import { readConfig } from '../config';
import type { DbOrTx, Tx } from '../db';
import { getSettings, type ShopSettings } from '../settings';
import { checkedTimeZone } from '../time-zone';

/** The shop's working calendar: its weekdays and closed dates (settings), in its time zone (TZ_SHOP, else the setting). */
export async function shopCalendar(db: DbOrTx): Promise<WorkingCalendar> {
	return calendarFrom(await getSettings(db));
}

/** The working calendar of settings already read (`shopCalendar`; the ETAs read theirs with their other inputs). */
export function calendarFrom(
	settings: Pick<ShopSettings, 'working_days' | 'closed_dates' | 'time_zone'>
): WorkingCalendar {
	return {
		workingDays: settings.working_days,
		closedDates: settings.closed_dates,
		timeZone: checkedTimeZone(readConfig().shopTimeZone || settings.time_zone)
	};
}

/**
 * Sets the order's planned issue date from its lines' lead times, counted in working days from `orderDate`
 * (commissioning calls it; so may anything that changes a commissioned order's lines). Answers the date set.
 */
export async function planIssue(tx: Tx, orderId: number, orderDate: Date): Promise<Date | null> {
	const lines = await tx
		.selectFrom('jobs')
		.innerJoin('products', 'products.id', 'jobs.product_id')
		.select('products.lead_time_days')
		.where('jobs.order_id', '=', orderId)
		.where('jobs.phase', '!=', 'cancelled')
		.execute();
	const calendar = await shopCalendar(tx);
	const planned = plannedIssueAt(
		orderDate,
		lines.map((line) => line.lead_time_days),
		calendar
	);
	await tx
		.updateTable('orders')
		.set({ planned_issue_at: planned })
		.where('id', '=', orderId)
		.execute();
	return planned;
}
