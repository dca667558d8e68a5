import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { boardPageData } from '$lib/server/boards/page';
import { AppError } from '$lib/server/errors';

/** The board as this user may see it, plus what the page needs to filter and to dim refused columns. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const id = Number(params.workflowId);
	if (!Number.isSafeInteger(id) || id < 1) error(404, 'Board not found');
	try {
		return await boardPageData(db(), locals.actor!, id);
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.message);
		throw e;
	}
};
