import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import {
	createStationGroup,
	deleteStationGroup,
	stationGroupsForAdmin,
	updateStationGroup
} from '$lib/server/stations/groups';

/** Stations per stage group: an admin names a station and picks its stages (docs/stations.md). */
export const load: PageServerLoad = async ({ locals }) =>
	loadOrError(() => stationGroupsForAdmin(db(), pageActor(locals)));

const fields = (form: FormData) => ({
	name: text(form, 'name'),
	color: text(form, 'color') || '#64748b',
	stageIds: form.getAll('stageIds').map(String)
});

/** Every answer names the group it was about (the create form's is `create`). */
const row = (form: FormData) => String(formId(form));

export const actions: Actions = {
	create: formAction(({ actor, form }) => createStationGroup(db(), actor, fields(form)), {
		target: 'create'
	}),
	update: formAction(
		({ actor, form }) => updateStationGroup(db(), actor, formId(form), fields(form)),
		{ target: row }
	),
	delete: formAction(({ actor, form }) => deleteStationGroup(db(), actor, formId(form)), {
		target: row
	})
};
