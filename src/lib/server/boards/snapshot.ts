import type { Viewer } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { DbOrTx } from '../db';
import { loadBoardCards } from './board-cards';
import { withEtas } from '../eta';
import type { BoardSnapshot, DepartmentView } from '../../contract/views';
import { FINISHED_WINDOW_DAYS, onViewersBoard } from './column-filter';
import { boardLayout } from './layout';

export type { BoardSnapshot, DepartmentView };
export { FINISHED_WINDOW_DAYS };

/**
 * A workflow's board as the viewer may see it: its stages (a display limited to some departments gets only
 * theirs) and the jobs on them in column order, filtered by the viewer's scope in SQL.
 */
export async function getBoard(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number
): Promise<BoardSnapshot> {
	// The reads are independent: the cards need only the scope, so a missing workflow just yields none.
	const [layout, cards] = await Promise.all([
		boardLayout(db, viewer, workflowId),
		loadBoardCards(db, workflowId, onViewersBoard(viewer) as never).then((loaded) =>
			withEtas(db, loaded)
		)
	]);
	return {
		...layout,
		jobs: cards.map((job) => projectJob(viewer, job)),
		finishedWindowDays: FINISHED_WINDOW_DAYS
	};
}
