import type { Actor } from '../../domain/scope';
import { actingRole } from '../../domain/scope';
import { contractorsForViewer, eligibleForViewer } from '../../domain/order-view';
import type { DbOrTx } from '../db';
import { listOrderStates, listProducts } from '../catalog';
import { getSetting } from '../settings';
import { listActiveContractors } from '../users/contractors';
import { FIRST_CARDS } from '../../contract/views';
import { getBoardPages } from './column-pages';
import { previewViewer } from './preview';

/**
 * Everything the board page needs besides the live jobs: order-state looks, the actor's move capabilities (so the
 * board can dim the columns the service would refuse, with its reason), and the options of the filter bar.
 */
export async function boardPageData(
	db: DbOrTx,
	actor: Actor,
	workflowId: number,
	previewAs: number | null = null
) {
	const preview = previewAs !== null ? await previewViewer(db, actor, previewAs) : null;
	// The cards each column shows first render at once, whatever the board's size; the live board brings the rest.
	const board = await getBoardPages(db, preview?.viewer ?? actor, workflowId, {
		limit: `${FIRST_CARDS}`
	});
	const [states, disabledOperations, products, contractors] = await Promise.all([
		listOrderStates(db),
		getSetting(db, 'disabled_operations'),
		listProducts(db),
		listActiveContractors(db)
	]);
	return {
		board,
		states: states.map(({ id, key, name, color, textColor, operations }) => ({
			id,
			key,
			name,
			color,
			textColor,
			operations
		})),
		capability: {
			role: actingRole(actor),
			id: actor.kind === 'user' ? actor.id : null,
			allowedStageIds:
				actor.kind === 'user' && actor.allowedStageIds ? [...actor.allowedStageIds] : null
		},
		disabledOperations,
		products: products
			.filter((product) => product.workflowId === workflowId)
			.map(({ id, name, eligibleContractorIds }) => ({
				id,
				name,
				eligibleContractorIds: eligibleForViewer(actor, eligibleContractorIds)
			})),
		// A contractor learns nothing about the other contractors (not even that one may make the same product).
		contractors: contractorsForViewer(actor, contractors),
		preview: preview ? { contractorId: previewAs!, name: preview.name } : null
	};
}
