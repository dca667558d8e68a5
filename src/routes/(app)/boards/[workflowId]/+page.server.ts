import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { boardPageData } from '$lib/server/boards/page';
import { createDisplayLink, listDisplayLinks, revokeDisplayLink } from '$lib/server/displays';
import { pathId } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { idParam, optionalParam } from '$lib/server/query-params';

/** `?as=<contractor id>`: preview the board as that contractor sees it. */
const previewAs = optionalParam(idParam);

/** The board as this user may see it, plus what the page needs to filter, dim refused columns and manage displays. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = pageActor(locals);
	return loadOrError(async () => {
		const id = pathId(params.workflowId, 'Board');
		const [page, displays] = await Promise.all([
			boardPageData(
				db(),
				actor,
				id,
				previewAs.parse(url.searchParams.get('as') ?? undefined) ?? null
			),
			actor.role === 'admin' ? listDisplayLinks(db(), actor, id) : null
		]);
		return { ...page, displays };
	});
};

export const actions: Actions = {
	createDisplay: formAction(
		async ({ actor, form, event }) => {
			const input = {
				workflowId: pathId(event.params.workflowId, 'Board'),
				name: text(form, 'name'),
				departmentIds: form.getAll('departmentId').map(Number)
			};
			const { link, events } = await createDisplayLink(db(), actor, input);
			return { createdDisplay: link.id, events };
		},
		{ target: 'displays' }
	),
	revokeDisplay: formAction(
		async ({ actor, form }) => {
			const { events } = await revokeDisplayLink(db(), actor, formId(form));
			return { revokedDisplay: formId(form), events };
		},
		{ target: 'displays' }
	)
};
