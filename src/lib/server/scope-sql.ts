import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { JobScope } from '../domain/scope';
import type { Database } from './db/schema';

type JobRow = Pick<Database, 'jobs' | 'orders' | 'stages'>;

/**
 * The SQL form of a {@link JobScope}, for queries over `jobs` joined with `orders` and (left) `stages`.
 * It mirrors `matchesScope` in the domain condition by condition; the scope tests check the two agree.
 */
export function jobInScope(scope: JobScope) {
	return (eb: ExpressionBuilder<JobRow, 'jobs' | 'orders' | 'stages'>): Expression<SqlBool> => {
		const conditions: Expression<SqlBool>[] = [];
		if (scope.contractorId !== undefined)
			conditions.push(eb('jobs.contractor_id', '=', scope.contractorId));
		if (scope.managerId !== undefined)
			conditions.push(eb('orders.manager_id', '=', scope.managerId));
		if (scope.orderId !== undefined) conditions.push(eb('jobs.order_id', '=', scope.orderId));
		if (scope.workflowId !== undefined)
			conditions.push(eb('jobs.workflow_id', '=', scope.workflowId));
		if (scope.departmentIds !== undefined)
			conditions.push(
				scope.departmentIds.length
					? eb('stages.department_id', 'in', [...scope.departmentIds])
					: sql<boolean>`false`
			);
		if (scope.onBoardOnly) conditions.push(eb('jobs.stage_id', 'is not', null));
		return conditions.length ? eb.and(conditions) : sql<boolean>`true`;
	};
}
