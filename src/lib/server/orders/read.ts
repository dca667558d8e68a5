import { canSeeJob, type Viewer } from '../../domain/scope';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { projectHistory, type OrderForViewer } from '../../domain/order-view';
import type { DbOrTx } from '../db';
import { scopeFacts } from '../events';
import { historyOfJobs, type HistoryEventView } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { withEtas } from '../eta';
import { visibleOrder } from './access';
import { orderForViewer } from './view';

export interface OrderDetail {
	order: OrderForViewer;
	jobs: JobForViewer[];
	history: HistoryEventView[];
}

/**
 * An order with the jobs the viewer may see and their history, each projected for the viewer's audience (the
 * one place REST, the order card and the job drawer get them from); invisible orders are not found.
 */
export async function getOrder(db: DbOrTx, viewer: Viewer, orderId: number): Promise<OrderDetail> {
	await visibleOrder(db, viewer, orderId);
	const [order, cards] = await Promise.all([
		orderForViewer(db, viewer, orderId),
		loadJobCards(db, (q) => q.where('jobs.order_id', '=', orderId).orderBy('jobs.id')).then(
			(loaded) => withEtas(db, loaded)
		)
	]);
	const visible = cards.filter((job) => canSeeJob(viewer, scopeFacts(job)));
	const history = await historyOfJobs(
		db,
		visible.map((job) => job.id)
	);
	return {
		order,
		jobs: visible.map((job) => projectJob(viewer, job)),
		history: projectHistory(viewer, history)
	};
}
