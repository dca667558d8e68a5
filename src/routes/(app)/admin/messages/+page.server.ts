import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listMessages, messageLogFilter, resendMessage } from '$lib/server/outbox/log';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId } from '$lib/server/http/form-action';
import { queryObject } from '$lib/server/query-params';

/** The outgoing-message log (newest first), filtered by the query string: status, channel, order, page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	return loadOrError(async () => {
		const filter = messageLogFilter.parse(queryObject(url.searchParams));
		return { ...(await listMessages(db(), actor, filter)), filter };
	});
};

export const actions: Actions = {
	resend: formAction(async ({ actor, form }) => ({
		resent: (await resendMessage(db(), actor, formId(form))).id
	}))
};
