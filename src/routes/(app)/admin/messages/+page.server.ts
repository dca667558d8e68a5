import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listMessages, messageLogFilter, resendMessage } from '$lib/server/outbox/log';
import { actOrFail, loadOrError } from '$lib/server/http/page';

/** The outgoing-message log (newest first), filtered by the query string: status, channel, order, page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = messageLogFilter.parse(Object.fromEntries(url.searchParams));
	const log = await loadOrError(() => listMessages(db(), locals.actor!, filter));
	return { ...log, filter };
};

export const actions: Actions = {
	resend: async ({ locals, request }) => {
		const id = Number((await request.formData()).get('id'));
		return actOrFail(async () => ({ resent: (await resendMessage(db(), locals.actor!, id)).id }));
	}
};
