import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { createWebhook, listWebhooks, recentDeliveries, setWebhookActive, WEBHOOK_TOPICS } from '$lib/server/webhooks';
import { actOrFail, loadOrError } from '$lib/server/http/page';

/** Every webhook with its latest deliveries, and the events one can subscribe to. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	const hooks = await loadOrError(() => listWebhooks(db(), actor));
	const webhooks = await Promise.all(hooks.map(async (hook) => ({ ...hook, deliveries: await recentDeliveries(db(), actor, hook.id, 5) })));
	return { webhooks, topics: WEBHOOK_TOPICS };
};

export const actions: Actions = {
	/** The signing secret is in this one answer; the page shows it once. */
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const events = form.get('all') ? ['*'] : form.getAll('event').map(String);
		return actOrFail(async () => {
			const { webhook, secret } = await createWebhook(db(), locals.actor!, { url: String(form.get('url') ?? ''), events });
			return { created: { id: webhook.id, url: webhook.url, secret } };
		});
	},
	deactivate: async ({ locals, request }) => setActive(locals.actor!, request, false),
	activate: async ({ locals, request }) => setActive(locals.actor!, request, true)
};

async function setActive(actor: App.Locals['actor'] & object, request: Request, active: boolean) {
	const id = Number((await request.formData()).get('id'));
	return actOrFail(async () => {
		await setWebhookActive(db(), actor, id, active);
		return { updated: id };
	});
}
