import type { PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { auditLogChoices, listAuditLog } from '$lib/server/audit-log';
import { queryObject } from '$lib/server/query-params';

/** The audit log, newest first, filtered and paged by the query string (admins only; a malformed filter is a 400). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	return loadOrError(async () => {
		const log = await listAuditLog(
			db(),
			actor,
			queryObject(url.searchParams),
			getContext().config.shopTimeZone
		);
		return { ...log, choices: await auditLogChoices(db(), actor) };
	});
};
