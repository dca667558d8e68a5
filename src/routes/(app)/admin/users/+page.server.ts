import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { createUser, listUsers, updateUser } from '$lib/server/users/admin';
import { listWorkflows } from '$lib/server/workflows/queries';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { peopleWithPins } from '$lib/server/stations/pin';
import { setPinAction } from '$lib/server/stations/pin-action';

/** Every user with role, visibility and allowed stages; the workflows' stages for the stage checkboxes. */
export const load: PageServerLoad = async ({ locals }) => {
	const users = await loadOrError(() => listUsers(db(), pageActor(locals)));
	const workflows = await listWorkflows(db());
	const pins = await peopleWithPins(
		db(),
		users.map((user) => user.id)
	);
	return {
		users,
		pinUserIds: [...pins],
		workflows: workflows.map((workflow) => ({
			id: workflow.id,
			name: workflow.name,
			stages: workflow.stages.map((stage) => ({ id: stage.id, name: stage.internalName }))
		}))
	};
};

export const actions: Actions = {
	setPin: setPinAction,
	create: formAction(
		async ({ actor, form }) => {
			const { user, events } = await createUser(db(), actor, {
				email: text(form, 'email'),
				name: text(form, 'name'),
				role: text(form, 'role') as 'staff',
				password: text(form, 'password')
			});
			return { created: { id: user.id, name: user.name }, events };
		},
		{ target: 'create' }
	),
	update: formAction(
		async ({ actor, form }) => {
			const visibility = text(form, 'managerVisibility');
			const { user, events } = await updateUser(db(), actor, formId(form), {
				name: text(form, 'name'),
				role: text(form, 'role') as 'staff',
				managerVisibility: visibility === '' ? null : (visibility as 'all'),
				restrictStages: form.get('restrictStages') === 'on',
				allowedStageIds: form.getAll('allowedStageIds').map(Number),
				active: form.get('active') === 'on'
			});
			return { updated: { id: user.id, name: user.name }, events };
		},
		{ target: (form) => `update:${formId(form)}` }
	)
};
