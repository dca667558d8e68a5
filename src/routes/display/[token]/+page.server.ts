import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { displayViewer } from '$lib/server/displays';
import { getBoard } from '$lib/server/boards/snapshot';
import { listOrderStates } from '$lib/server/catalog';
import { getSetting } from '$lib/server/settings';
import { m } from '$lib/paraglide/messages';

/** A wall display: no login, the link is the key; the board as its departments show it, read-only; `?scroll=1` scrolls long columns. */
export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const viewer = await displayViewer(db(), params.token);
	if (!viewer) error(404, m.display_not_found());
	setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
	const [board, states, shopName] = await Promise.all([
		getBoard(db(), viewer, viewer.workflowId),
		listOrderStates(db()),
		getSetting(db(), 'shop_name')
	]);
	return {
		board,
		states: states.map(({ id, key, name, color, textColor }) => ({
			id,
			key,
			name,
			color,
			textColor
		})),
		shopName,
		token: params.token,
		scroll: url.searchParams.get('scroll') === '1'
	};
};
