import type { Actor } from '../../domain/scope';
import { eligibleForViewer, seesOrderInternals } from '../../domain/order-view';
import type { DbOrTx } from '../db';
import { listOrderStates, listProducts } from '../catalog';
import { listStages } from '../workflows/queries';
import { listActiveContractors } from '../users/contractors';
import { getOrder } from './read';
import { lineRules } from './lines';
import { offerLinkOf } from './offers';
import { listManagers } from './manager';
import { seesOwnOrdersOnly } from '../../domain/order-manager';

/**
 * The order card: the order as the actor may see it (404 otherwise) with its jobs and history, and what its forms
 * offer — order states, stage names, products with their eligible contractors, the legal texts it was placed under.
 * Contractors to assign are offered to those who may assign them; a contractor learns of no other contractor,
 * nor the legal texts between the shop and its customer.
 */
export async function orderCard(db: DbOrTx, actor: Actor, orderId: number) {
	const detail = await getOrder(db, actor, orderId);
	const assigns = actor.kind !== 'user' || actor.role === 'admin' || actor.role === 'manager';
	const internals = seesOrderInternals(actor);
	const [states, stages, products, contractors, legal, lines, offer, managers] = await Promise.all([
		listOrderStates(db),
		listStages(db),
		listProducts(db),
		assigns ? listActiveContractors(db) : [],
		internals
			? db
					.selectFrom('order_legal_texts')
					.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
					.select(['legal_texts.kind', 'legal_texts.version'])
					.where('order_legal_texts.order_id', '=', orderId)
					.execute()
			: [],
		lineRules(db, actor, orderId),
		// The customer's offer link of a draft: shop staff only, like the tracking link.
		internals ? offerLinkOf(db, orderId) : null,
		assigns && !seesOwnOrdersOnly(actor) ? listManagers(db) : []
	]);
	return {
		...detail,
		states: states.map(({ id, name, color, textColor }) => ({ id, name, color, textColor })),
		stageNames: Object.fromEntries(stages.map((stage) => [stage.id, stage.internalName])),
		products: products.map(({ id, name, eligibleContractorIds }) => ({
			id,
			name,
			eligibleContractorIds: assigns ? eligibleForViewer(actor, eligibleContractorIds) : []
		})),
		contractors,
		legal,
		lines,
		offer,
		managers
	};
}
