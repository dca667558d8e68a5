import { canSeeJob, type Viewer } from '../../domain/scope';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { projectOrder } from '../../domain/order-view';
import type { DbOrTx } from '../db';
import { scopeFacts } from '../events';
import { historyOfJobs, type HistoryEventView } from '../history';
import { loadJobCards } from '../jobs/cards';
import { visibleOrder } from './access';
import { orderView, type OrderView } from './view';

export interface OrderDetail {
	order: Partial<OrderView>;
	jobs: JobForViewer[];
	history: HistoryEventView[];
}

/** An order with the jobs the viewer may see and their history; invisible orders are not found. */
export async function getOrder(db: DbOrTx, viewer: Viewer, orderId: number): Promise<OrderDetail> {
	await visibleOrder(db, viewer, orderId);
	const [order, cards] = await Promise.all([
		orderView(db, orderId),
		loadJobCards(db, (q) => q.where('jobs.order_id', '=', orderId).orderBy('jobs.id'))
	]);
	const visible = cards.filter((job) => canSeeJob(viewer, scopeFacts(job)));
	const history = await historyOfJobs(db, visible.map((job) => job.id));
	return { order: projectOrder(viewer, order), jobs: visible.map((job) => projectJob(viewer, job)), history };
}
