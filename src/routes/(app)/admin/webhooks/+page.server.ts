import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import {
	createWebhook,
	listWebhooks,
	recentDeliveries,
	setWebhookActive,
	WEBHOOK_TOPICS
} from '$lib/server/webhooks';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';

/** Every webhook with its latest deliveries, and the events one can subscribe to. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = pageActor(locals);
	const hooks = await loadOrError(() => listWebhooks(db(), actor));
	const webhooks = await Promise.all(
		hooks.map(async (hook) => ({
			...hook,
			deliveries: await recentDeliveries(db(), actor, hook.id, 5)
		}))
	);
	return { webhooks, topics: WEBHOOK_TOPICS };
};

const setActive = (active: boolean) =>
	formAction(async ({ actor, form }) => {
		await setWebhookActive(db(), actor, formId(form), active);
		return { updated: formId(form) };
	});

export const actions: Actions = {
	/** The signing secret is in this one answer; the page shows it once. */
	create: formAction(async ({ actor, form }) => {
		const events = form.get('all') ? ['*'] : form.getAll('event').map(String);
		const { webhook, secret } = await createWebhook(db(), actor, {
			url: text(form, 'url'),
			events
		});
		return { created: { id: webhook.id, url: webhook.url, secret } };
	}),
	deactivate: setActive(false),
	activate: setActive(true)
};
