import { isLinkToken } from './auth/token';
import { lineTimelines, type TimelineEntry } from '../domain/timeline';
import type { Phase } from '../domain/phase';
import type { DbOrTx } from './db';
import { notFound } from './errors';
import type { TrackingView } from '../contract/views';
import { customerComments } from './comments/thread';
import { publicEta } from '../domain/eta';
import { jobEtas } from './eta';

export type { TrackingView };

export async function orderIdForTrackingToken(db: DbOrTx, token: string): Promise<number | null> {
	if (!isLinkToken(token)) return null;
	const order = await db
		.selectFrom('orders')
		.select('id')
		.where('tracking_token', '=', token)
		.where('order_date', 'is not', null)
		.executeTakeFirst();
	return order?.id ?? null;
}

export async function getTracking(db: DbOrTx, token: string): Promise<TrackingView> {
	const orderId = await orderIdForTrackingToken(db, token);
	if (orderId === null) throw notFound('Order');
	return trackingView(db, orderId);
}

export async function trackingView(db: DbOrTx, orderId: number): Promise<TrackingView> {
	const itemsRead = db
		.selectFrom('jobs')
		.innerJoin('stages', 'stages.id', 'jobs.stage_id')
		.select([
			'jobs.id',
			'jobs.product_id',
			'jobs.workflow_id',
			'jobs.stage_id',
			'jobs.entered_stage_at',
			'jobs.title',
			'jobs.quantity',
			'stages.external_name',
			'stages.external_names',
			'jobs.phase'
		])
		.where('jobs.order_id', '=', orderId)
		.orderBy('jobs.id')
		.execute();
	// Every read at once (the estimates' as soon as the lines are in): a move publishes this view.
	const [order, items, moves, etas, comments] = await Promise.all([
		db
			.selectFrom('orders')
			.select(['number', 'phase', 'order_date', 'payment_status', 'planned_issue_at'])
			.where('id', '=', orderId)
			.executeTakeFirstOrThrow(),
		itemsRead,
		db
			.selectFrom('job_events')
			// Stage names of removed stages too: the customer's timeline keeps every step it showed.
			.innerJoin('stage_names as stages', 'stages.id', 'job_events.to_stage_id')
			.innerJoin('jobs', 'jobs.id', 'job_events.job_id')
			.select([
				'job_events.at',
				'job_events.job_id',
				'stages.external_name',
				'stages.external_names',
				'job_events.to_phase',
				'jobs.title'
			])
			.where('job_events.order_id', '=', orderId)
			.orderBy('job_events.at')
			.orderBy('job_events.id')
			.execute(),
		itemsRead.then((lines) =>
			jobEtas(
				db,
				lines.map((item) => ({
					id: item.id,
					productId: item.product_id,
					workflowId: item.workflow_id,
					stageId: item.stage_id,
					phase: item.phase,
					enteredStageAt: item.entered_stage_at.toISOString()
				}))
			)
		),
		customerComments(db, orderId)
	]);
	const timelines = lineTimelines(
		moves.map((move) => ({
			line: move.job_id,
			title: move.title,
			at: move.at.toISOString(),
			stageName: move.external_name,
			phase: (move.to_phase ?? 'received') as Phase
		}))
	);
	const steps = (entries: TimelineEntry[] = []) =>
		entries.map(({ at, stageName, phase }) => ({ at: String(at), stageName, phase }));
	return {
		order: {
			number: order.number,
			phase: order.phase,
			orderDate: order.order_date?.toISOString() ?? null,
			paymentStatus: order.payment_status,
			plannedIssueAt: order.planned_issue_at?.toISOString() ?? null
		},
		items: items.map((item) => ({
			title: item.title,
			quantity: item.quantity,
			stageName: item.external_name,
			phase: item.phase,
			eta: publicEta(etas.get(item.id)),
			timeline: steps(timelines.lines.get(item.id))
		})),
		timeline: timelines.order.map((entry) => ({
			...entry,
			at: String(entry.at),
			items: entry.items ?? []
		})),
		stageNames: translatedNames([...items, ...moves]),
		comments
	};
}

/** One entry per external name that has translations (two stages sharing a name: the first one's). */
function translatedNames(
	stages: readonly { external_name: string; external_names: Record<string, string> }[]
): TrackingView['stageNames'] {
	const names: TrackingView['stageNames'] = {};
	for (const stage of stages) {
		if (!(stage.external_name in names) && Object.keys(stage.external_names).length > 0)
			names[stage.external_name] = stage.external_names;
	}
	return names;
}
