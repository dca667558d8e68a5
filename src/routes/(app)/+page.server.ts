import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { countVisibleJobs, listWorkflows } from '$lib/server/workflows/queries';
import { pageActor } from '$lib/server/http/guard';

/** The workflows as links to their boards, with the active jobs this user can see on each. */
export const load: PageServerLoad = async ({ locals }) => {
	const [workflows, counts] = await Promise.all([
		listWorkflows(db()),
		countVisibleJobs(db(), pageActor(locals))
	]);
	return {
		workflows: workflows.map(({ id, name, description, isDefault, valid, problems, stages }) => ({
			id,
			name,
			description,
			isDefault,
			valid,
			problems,
			stageCount: stages.length,
			activeJobs: counts.get(id) ?? 0
		}))
	};
};
