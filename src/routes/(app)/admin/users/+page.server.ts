import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { AppError } from '$lib/server/errors';
import { issueText, refusalText } from '$lib/i18n/issues';
import { m } from '$lib/paraglide/messages';
import { createUser, listUsers, updateUser } from '$lib/server/users/admin';
import { listWorkflows } from '$lib/server/workflows/queries';

/** Every user with role, visibility and allowed stages; the workflows' stages for the stage checkboxes. */
export const load: PageServerLoad = async ({ locals }) => {
	let users;
	try {
		users = await listUsers(db(), locals.actor!);
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.message); // 403 for everyone but admins
		throw e;
	}
	const workflows = await listWorkflows(db());
	return {
		users,
		workflows: workflows.map((workflow) => ({
			id: workflow.id,
			name: workflow.name,
			stages: workflow.stages.map((stage) => ({ id: stage.id, name: stage.internalName }))
		}))
	};
};

type Form = 'create' | 'update';

/** A refusal as `fail(status, {form, userId, error, fields})`: messages sit next to the field they are about. */
async function act<T>(form: Form, userId: number | null, work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		if (e instanceof z.ZodError) {
			const fields: Record<string, string> = {};
			for (const issue of e.issues) fields[String(issue.path[0] ?? 'form')] ??= issueText(issue);
			return fail(400, { form, userId, error: m.check_fields(), fields });
		}
		if (e instanceof AppError) {
			const field = (e.details as { field?: string } | undefined)?.field;
			const message = refusalText(e);
			return fail(e.status, { form, userId, error: message, fields: field ? { [field]: message } : {} });
		}
		throw e;
	}
}

const text = (data: FormData, key: string) => String(data.get(key) ?? '');

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const data = await request.formData();
		return act('create', null, async () => {
			const user = await createUser(db(), locals.actor!, {
				email: text(data, 'email'),
				name: text(data, 'name'),
				role: text(data, 'role') as 'staff',
				password: text(data, 'password')
			});
			return { form: 'create' as const, created: { id: user.id, name: user.name } };
		});
	},
	update: async ({ locals, request }) => {
		const data = await request.formData();
		const id = Number(data.get('id'));
		const visibility = text(data, 'managerVisibility');
		return act('update', id, async () => {
			const user = await updateUser(db(), locals.actor!, id, {
				name: text(data, 'name'),
				role: text(data, 'role') as 'staff',
				managerVisibility: visibility === '' ? null : (visibility as 'all'),
				restrictStages: data.get('restrictStages') === 'on',
				allowedStageIds: data.getAll('allowedStageIds').map(Number),
				active: data.get('active') === 'on'
			});
			return { form: 'update' as const, updated: { id: user.id, name: user.name } };
		});
	}
};
