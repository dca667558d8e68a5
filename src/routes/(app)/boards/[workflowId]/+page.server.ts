import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { boardPageData } from '$lib/server/boards/page';
import { createDisplayInput, createDisplayLink, listDisplayLinks, revokeDisplayLink } from '$lib/server/displays';
import { AppError } from '$lib/server/errors';
import { describeIssues } from '$lib/server/http/api';
import { actOrFail, loadOrError } from '$lib/server/http/page';
import { m } from '$lib/paraglide/messages';

function workflowId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id < 1) error(404, m.error_not_found_detail());
	return id;
}

/** The board as this user may see it, plus what the page needs to filter, dim refused columns and manage displays. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = locals.actor!;
	const id = workflowId(params.workflowId);
	const as = url.searchParams.get('as');
	return loadOrError(async () => {
		const [page, displays] = await Promise.all([
			boardPageData(db(), actor, id, as && /^\d+$/.test(as) ? Number(as) : null),
			actor.kind === 'user' && actor.role === 'admin' ? listDisplayLinks(db(), actor, id) : null
		]);
		return { ...page, displays };
	});
};

export const actions: Actions = {
	createDisplay: async ({ locals, params, request }) => {
		const form = await request.formData();
		const parsed = createDisplayInput.safeParse({
			workflowId: workflowId(params.workflowId),
			name: String(form.get('name') ?? ''),
			departmentIds: form.getAll('departmentId').map(Number)
		});
		if (!parsed.success) return fail(400, { displayError: describeIssues(parsed.error) });
		try {
			const link = await createDisplayLink(db(), locals.actor!, parsed.data);
			return { createdDisplay: link.id };
		} catch (e) {
			if (e instanceof AppError) return fail(e.status, { displayError: e.message });
			throw e;
		}
	},
	revokeDisplay: async ({ locals, request }) => {
		const form = await request.formData();
		const result = await actOrFail(() => revokeDisplayLink(db(), locals.actor!, Number(form.get('id'))));
		if (result && typeof result === 'object' && 'status' in result) return fail(result.status, { displayError: result.data.error });
	}
};
