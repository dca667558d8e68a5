import { sql, type CompiledQuery } from 'kysely';
import type { Operation } from '../../domain/operations';
import type { JobCard, JobRecord } from '../../domain/job-view';
import type { Phase, StageMeaning } from '../../domain/phase';
import type { DbOrTx, Tx } from '../db';

/**
 * Everything the moves need, in one round trip, locking each job and its order for the rest of the transaction:
 * the job, its order's number, state and draft flag, the target stage, the shop's disabled operations, the last
 * rank of the target column (for a drop at its end) and whether webhooks listen to moves. One row per
 * (job, target) pair; jobs that do not exist are absent. It also reads what the job's card shows besides (customer,
 * product and contractor names, order state and payment, linked orders), so the move can hand the real-time layer
 * its card as committed: reading the card again after the commit took a third of the time from a drop to the last
 * screen on a 10,000-job board.
 */
export async function lockMoves(
	tx: Tx,
	pairs: readonly { jobId: number; toStageId: number }[]
): Promise<Map<number, LockedMove>> {
	if (pairs.length === 0) return new Map();
	const rows =
		pairs.length === 1
			? await singleMove(tx, pairs[0], 'lock')
			: await moveQuery(tx, pairs, 'lock').execute();
	return new Map(rows.map((row) => [row.id, toLockedMove(row)]));
}

/**
 * The same read of one move without locks, for the quick move (`quick-move.ts`): it writes only if the row versions
 * read here are still the job's and its order's.
 */
export async function readMove(
	db: DbOrTx,
	pair: { jobId: number; toStageId: number }
): Promise<LockedMove | undefined> {
	const [row] = await singleMove(db, pair, 'read');
	return row && toLockedMove(row);
}

/** Stand-ins for the single move's two parameters in the query compiled once (ids are positive). */
const JOB_SLOT = -1;
const STAGE_SLOT = -2;
const singleMoveQueries = new Map<Locking, CompiledQuery<MoveRow>>();

/**
 * The hot path of every drag: the same read, compiled once and then run with the move's ids. Building and
 * compiling the 30-column query with Kysely took a fifth of a move's time in Node. (PGlite and pg share Kysely's
 * PostgreSQL compiler, so one compiled text serves both.)
 */
async function singleMove(
	db: DbOrTx,
	pair: { jobId: number; toStageId: number },
	locking: Locking
): Promise<MoveRow[]> {
	let query = singleMoveQueries.get(locking);
	if (!query) {
		query = moveQuery(db, [{ jobId: JOB_SLOT, toStageId: STAGE_SLOT }], locking).compile();
		singleMoveQueries.set(locking, query);
	}
	const parameters = query.parameters.map((value) =>
		value === JOB_SLOT ? pair.jobId : value === STAGE_SLOT ? pair.toStageId : value
	);
	const { rows } = await db.executeQuery<MoveRow>({ ...query, parameters });
	return rows;
}

type Locking = 'lock' | 'read';

/**
 * The subqueries' LIMITs are literals (`sql.lit`): PostgreSQL never chooses the generic plan of a prepared statement
 * whose LIMIT is a parameter (it costs an unknown limit as a tenth of the rows), so it planned this eleven-table read
 * anew on every move — 1.2 ms of the 1.6 it took on a 10,000-job board (bench/README.md, session 13).
 */
function moveQuery(
	db: DbOrTx,
	pairs: readonly { jobId: number; toStageId: number }[],
	locking: Locking
) {
	const jobIds = pairs.map((pair) => pair.jobId);
	const stageIds = pairs.map((pair) => pair.toStageId);
	// The (job, target) pairs as a table: two arrays unnested side by side; a single move (the hot path of every
	// drag) as plain values, which PostgreSQL plans as a direct lookup.
	const moves =
		pairs.length === 1
			? sql<{
					job_id: number;
					to_stage_id: number;
				}>`(select ${jobIds[0]}::int as job_id, ${stageIds[0]}::int as to_stage_id)`
			: sql<{
					job_id: number;
					to_stage_id: number;
				}>`(select unnest(${jobIds}::int[]) as job_id, unnest(${stageIds}::int[]) as to_stage_id)`;
	const query = db
		.selectFrom(moves.as('m'))
		.innerJoin('jobs', 'jobs.id', 'm.job_id')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.innerJoin('products', 'products.id', 'jobs.product_id')
		.leftJoin('users as contractor', 'contractor.id', 'jobs.contractor_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.leftJoin('stages as target', 'target.id', 'm.to_stage_id')
		.select((eb) => [
			'jobs.id',
			'jobs.order_id',
			'jobs.workflow_id',
			'jobs.product_id',
			'jobs.title',
			'jobs.quantity',
			'jobs.stage_id',
			'jobs.phase',
			'jobs.contractor_id',
			'jobs.version',
			'jobs.entered_stage_at',
			'jobs.rank',
			// The rows' versions as PostgreSQL keeps them (the transaction that wrote each): any change makes new ones.
			sql<string>`jobs.xmin::text`.as('job_row_version'),
			sql<string>`orders.xmin::text`.as('order_row_version'),
			'orders.number',
			'orders.due_at',
			'orders.planned_issue_at',
			'orders.manager_id',
			'orders.order_date',
			'orders.state_id',
			'orders.payment_status',
			'customers.name as customer_name',
			'products.name as product_name',
			'contractor.name as contractor_name',
			'stages.department_id',
			'stages.notify_customer as from_notify_customer',
			'order_states.name as state_name',
			'order_states.operations as state_operations',
			'target.id as target_id',
			'target.workflow_id as target_workflow_id',
			'target.meaning as target_meaning',
			'target.internal_name as target_internal_name',
			'target.external_name as target_external_name',
			'target.department_id as target_department_id',
			'target.wip_limit as target_wip_limit',
			'target.wip_enforced as target_wip_enforced',
			'target.notify_customer as target_notify_customer',
			// The phase the target's place implies, for a move back into a stage without a meaning (domain phaseAfterMove).
			eb
				.selectFrom('stages as implied')
				.select('implied.meaning')
				.whereRef('implied.workflow_id', '=', 'target.workflow_id')
				.whereRef('implied.position', '<=', 'target.position')
				.where('implied.meaning', 'in', ['received', 'in_production', 'shipped', 'completed'])
				.orderBy('implied.position', 'desc')
				.limit(sql.lit(1))
				.as('target_implied_phase'),
			eb
				.selectFrom('settings')
				.select('value')
				.where('key', '=', 'disabled_operations')
				.as('disabled_operations'),
			eb
				.selectFrom('jobs as column_job')
				.select('column_job.rank')
				.whereRef('column_job.stage_id', '=', 'm.to_stage_id')
				.whereRef('column_job.id', '!=', 'jobs.id')
				.orderBy('column_job.rank', 'desc')
				.limit(sql.lit(1))
				.as('last_rank'),
			eb
				.selectFrom('order_links')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('order_links.order_id', '=', 'orders.id')
				.as('linked_order_count'),
			sql<boolean>`exists (select 1 from webhooks where active and ('job.moved' = any(events) or '*' = any(events)))`.as(
				'has_webhooks'
			)
		])
		.orderBy('jobs.id');
	// The order before its jobs, as every service that locks both takes them (orders/access.ts `lockOrderOfJob`,
	// then the jobs): two transactions that take them in opposite orders can deadlock.
	return locking === 'lock' ? query.forUpdate(['orders', 'jobs']) : query;
}

/** A card's fields that a `JobRecord` lacks. */
type CardDisplayFields = Omit<JobCard, keyof JobRecord | 'eta'>;

type MoveRow = Awaited<ReturnType<ReturnType<typeof moveQuery>['execute']>>[number];
export type LockedMove = ReturnType<typeof toLockedMove>;

function toLockedMove(row: MoveRow) {
	const job: JobRecord = {
		id: row.id,
		orderId: row.order_id,
		orderNumber: row.number,
		workflowId: row.workflow_id,
		productId: row.product_id,
		title: row.title,
		quantity: row.quantity,
		stageId: row.stage_id,
		phase: row.phase,
		contractorId: row.contractor_id,
		version: row.version,
		enteredStageAt: row.entered_stage_at.toISOString(),
		rank: row.rank,
		dueAt: row.due_at?.toISOString() ?? null,
		plannedIssueAt: row.planned_issue_at?.toISOString() ?? null,
		managerId: row.manager_id,
		departmentId: row.department_id
	};
	const order = {
		id: row.order_id,
		number: row.number,
		isDraft: row.order_date === null,
		stateName: row.state_name,
		stateOperations: row.state_operations as Partial<Record<Operation, boolean>>
	};
	// A stage of another workflow is no target at all (422 after the permission checks).
	const target =
		row.target_id !== null && row.target_workflow_id === row.workflow_id
			? {
					id: row.target_id,
					meaning: row.target_meaning as StageMeaning,
					impliedPhase: (row.target_implied_phase ?? 'received') as Phase,
					internalName: row.target_internal_name!,
					externalName: row.target_external_name!,
					departmentId: row.target_department_id,
					wipLimit: row.target_wip_limit,
					wipEnforced: row.target_wip_enforced!,
					notifyCustomer: row.target_notify_customer!,
					lastRank: row.last_rank
				}
			: null;
	/** What the card shows besides the job's own fields, read under the same lock. */
	const cardDisplay: CardDisplayFields = {
		productName: row.product_name,
		contractorName: row.contractor_name,
		customerName: row.customer_name,
		stateId: row.state_id,
		paymentStatus: row.payment_status,
		linkedOrderCount: Number(row.linked_order_count ?? 0)
	};
	return {
		job,
		order,
		target,
		cardDisplay,
		/** What the quick move's write compares: `xmin`, which every update of a row changes (a lock does not). */
		rowVersions: { job: row.job_row_version, order: row.order_row_version },
		disabledOperations: (row.disabled_operations ?? []) as Operation[],
		/** The job's current stage tells the customer when it is reached: leaving it takes back a message still waiting. */
		leavesNotifyingStage: row.from_notify_customer === true,
		hasWebhooks: row.has_webhooks
	};
}
