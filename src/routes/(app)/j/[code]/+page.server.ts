import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { AppError } from '$lib/server/errors';
import { formAction } from '$lib/server/http/form-action';
import { pageActor } from '$lib/server/http/guard';
import { moveScannedJob, scanJob } from '$lib/server/jobs/scan';

/** The scanned ticket's job and its moves; `scan: null` is the one answer for unknown and foreign codes alike. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = pageActor(locals);
	try {
		return { scan: await scanJob(db(), actor, params.code) };
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') return { scan: null };
		throw error;
	}
};

export const actions: Actions = {
	move: formAction(({ actor, form, event }) =>
		moveScannedJob(db(), actor, event.params.code, {
			toStageId: String(form.get('toStageId') ?? ''),
			version: form.get('version') ? String(form.get('version')) : undefined
		})
	)
};
