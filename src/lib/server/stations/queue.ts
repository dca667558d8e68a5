import { audienceOf, type Actor } from '../../domain/scope';
import { inStationQueue } from '../../domain/station';
import type { StationView } from '../../contract/station';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { getBoard } from '../boards/snapshot';
import { stationGroup } from './groups';
import { workUnderWay } from './work';

/** Which station: a department's, or a stage group's an admin defined (`groups.ts`). */
export type StationTarget = { kind: 'department'; id: number } | { kind: 'group'; id: number };

/**
 * A department's station as this actor may see it: each workflow with a stage in the department, read through the
 * board's own scope (a contractor gets only their jobs), cut down to the jobs in the department's stages that are
 * not finished; the orders' notes for staff; who started what.
 */
export async function stationView(
	db: DbOrTx,
	actor: Actor,
	departmentId: number
): Promise<StationView> {
	return stationViewOf(db, actor, { kind: 'department', id: departmentId });
}

/** A station's name, colour and stages, whichever kind it is; 404 for an unknown one. */
export async function stationPlace(
	db: DbOrTx,
	target: StationTarget
): Promise<{ station: StationView['department']; stages: { id: number; workflow_id: number }[] }> {
	if (target.kind === 'group') {
		const group = await stationGroup(db, target.id);
		const stages = await db
			.selectFrom('stages')
			.select(['id', 'workflow_id'])
			.where('id', 'in', group.stageIds)
			.execute();
		return { station: { id: group.id, name: group.name, color: group.color }, stages };
	}
	const station = await stationDepartment(db, target.id);
	const stages = await db
		.selectFrom('stages')
		.select(['id', 'workflow_id'])
		.where('department_id', '=', target.id)
		.execute();
	return { station, stages };
}

/** Any station's queue (a department's or a stage group's): the same reading, over that station's stages. */
export async function stationViewOf(
	db: DbOrTx,
	actor: Actor,
	target: StationTarget
): Promise<StationView> {
	const { station: department, stages } = await stationPlace(db, target);
	const stationStageIds = new Set(stages.map((stage) => stage.id));
	const workflowIds = [...new Set(stages.map((stage) => stage.workflow_id))].sort((a, b) => a - b);
	const boards = [];
	for (const workflowId of workflowIds) {
		const board = await getBoard(db, actor, workflowId);
		boards.push({
			...board,
			jobs: board.jobs.filter((job) => inStationQueue(job, stationStageIds))
		});
	}
	const jobs = boards.flatMap((board) => board.jobs);
	const orderIds = [...new Set(jobs.map((job) => job.orderId))];
	const [notes, work] = await Promise.all([
		audienceOf(actor) === 'staff' && orderIds.length
			? db
					.selectFrom('orders')
					.select(['id', 'notes'])
					.where('id', 'in', orderIds)
					.where('notes', '<>', '')
					.execute()
			: [],
		workUnderWay(
			db,
			jobs.map((job) => job.id)
		)
	]);
	return {
		kind: target.kind,
		department,
		boards,
		stationStageIds: [...stationStageIds],
		notes: Object.fromEntries(notes.map((order) => [order.id, order.notes])),
		// A contractor's screen names nobody but themselves (as their history does).
		work:
			audienceOf(actor) === 'contractor'
				? work.map((w) => (actor.kind === 'user' && w.userId === actor.id ? w : { ...w, name: '' }))
				: work,
		allowedStageIds:
			actor.kind === 'user' && actor.allowedStageIds ? [...actor.allowedStageIds] : null
	};
}

/** A station's department by id (the sign-in screen names it before anyone may see its jobs). */
export async function stationDepartment(
	db: DbOrTx,
	departmentId: number
): Promise<StationView['department']> {
	const department = await db
		.selectFrom('departments')
		.select(['id', 'name', 'color'])
		.where('id', '=', departmentId)
		.executeTakeFirst();
	if (!department) throw notFound('Station');
	return department;
}

/** The departments, for the list of stations a manager can open or set up. */
export async function stationDepartments(db: DbOrTx): Promise<StationView['department'][]> {
	return db
		.selectFrom('departments')
		.select(['id', 'name', 'color'])
		.orderBy('position')
		.orderBy('id')
		.execute();
}
