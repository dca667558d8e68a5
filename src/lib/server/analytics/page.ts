import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { listWorkflows } from '../workflows/queries';
import { listProducts } from '../catalog';
import { listActiveContractors } from '../users/contractors';
import { flowAnalytics } from './flow';
import { analyticsScope } from './access';

/**
 * What the analytics page shows: the flow of the asked workflow (the default one when none is asked) and the
 * choices of its filters. Contractors are refused before anything is read.
 */
export async function flowPageView(
	db: DbOrTx,
	actor: Actor,
	query: Record<string, string>,
	timeZone?: string | null
) {
	analyticsScope(actor);
	const [workflows, products, contractors, departments] = await Promise.all([
		listWorkflows(db),
		listProducts(db),
		listActiveContractors(db),
		db.selectFrom('departments').select(['id', 'name']).orderBy('position').orderBy('id').execute()
	]);
	const workflowId = query.workflowId || String(workflows[0]?.id ?? '');
	const flow = await flowAnalytics(db, actor, { ...query, workflowId }, timeZone);
	return {
		flow,
		workflows: workflows.map(({ id, name }) => ({ id, name })),
		products: products
			.filter((product) => product.workflowId === flow.workflow.id)
			.map(({ id, name }) => ({ id, name })),
		contractors,
		departments
	};
}
