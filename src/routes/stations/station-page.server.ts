import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { formAction, formFailure, formId, text } from '$lib/server/http/form-action';
import { pageActor, signInUrl } from '$lib/server/http/guard';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { signOut } from '$lib/server/auth/session';
import { loadOrError } from '$lib/server/http/page';
import { listOrderStates } from '$lib/server/catalog';
import {
	forgetStationDevice,
	setUpStationDevice,
	signInOperator,
	signOutOperator,
	stationPeople,
	stationThrottle
} from '$lib/server/stations/devices';
import { clearStationCookie, setStationCookie, stationActor } from '$lib/server/stations/http';
import { stationDepartment, stationView } from '$lib/server/stations/queue';
import { startWork, stationMove } from '$lib/server/stations/work';
import { m } from '$lib/paraglide/messages';

const departmentIdOf = (param: string): number => {
	const id = Number(param);
	if (!/^\d{1,9}$/.test(param) || id < 1)
		error(404, { code: 'not_found', message: m.error_not_found_detail() });
	return id;
};

/**
 * A station: on a browser set up as one, the PIN pad until an operator signs in, then the department's queue as
 * that operator may see it; on anyone else's browser, the queue as its signed-in user sees it.
 */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const departmentId = departmentIdOf(params.departmentId);
	setHeaders({ 'cache-control': 'no-store' });
	const station = locals.station;
	if (station && station.device.departmentId !== departmentId)
		redirect(303, `/stations/${station.device.departmentId}`);
	if (!station && !locals.user) redirect(303, signInUrl(url));
	const manager = locals.user?.role === 'admin' || locals.user?.role === 'manager';
	const device = station
		? { canForget: manager || isManager(station.device.operator?.actor.role) }
		: null;
	const operator = station?.device.operator ?? null;
	if (station && !operator) {
		const [department, people] = await loadOrError(() =>
			Promise.all([stationDepartment(db(), departmentId), stationPeople(db())])
		);
		return { mode: 'pin' as const, department, people, device };
	}
	const actor = stationActor(locals);
	const [view, states] = await loadOrError(() =>
		Promise.all([stationView(db(), actor, departmentId), listOrderStates(db())])
	);
	return {
		mode: 'work' as const,
		view,
		states: states.map(({ id, name, color, textColor, operations }) => ({
			id,
			name,
			color,
			textColor,
			moves: operations.move !== false
		})),
		operator: {
			id: actor.id,
			name: actor.name,
			expiresAt: operator?.expiresAt.toISOString() ?? null
		},
		device,
		canSetUp: !station && manager
	};
};

const isManager = (role: string | undefined) => role === 'admin' || role === 'manager';

const asOperator = { actorOf: stationActor };

/** The PIN pad's actions belong to a browser set up as a station: anyone else is told to sign in (401). */
function stationOf(locals: App.Locals) {
	if (!locals.station) error(401, { code: 'unauthorized', message: m.error_unauthorized() });
	return locals.station;
}

export const actions: Actions = {
	signIn: async (event) => {
		const station = stationOf(event.locals);
		const form = await event.request.formData();
		try {
			const { events } = await signInOperator(
				db(),
				station.token,
				{ userId: Number(text(form, 'userId')), pin: text(form, 'pin') },
				stationThrottle
			);
			publish(events);
			return { signedIn: true };
		} catch (refusal) {
			const failure = formFailure(refusal, 'signIn');
			if (failure) return fail(failure.status, failure.data);
			throw refusal;
		}
	},
	signOut: async (event) => {
		const station = stationOf(event.locals);
		publish((await signOutOperator(db(), station.token)).events);
		return { signedOut: true };
	},
	setUp: formAction(
		async ({ actor, event }) => {
			const { token } = await setUpStationDevice(db(), actor, {
				departmentId: departmentIdOf(event.params.departmentId!)
			});
			setStationCookie(event, token);
			// A shared tablet keeps nobody's own session: whoever set it up is signed out of it here.
			const session = event.locals.session;
			clearSessionCookie(event);
			return session ? signOut(db(), session.id) : {};
		},
		{ target: 'setUp' }
	),
	forget: formAction(
		async ({ actor, event }) => {
			const result = await forgetStationDevice(db(), actor, event.locals.station?.token ?? '');
			clearStationCookie(event);
			return result;
		},
		{
			target: 'forget',
			actorOf: (locals) => locals.station?.device.operator?.actor ?? pageActor(locals)
		}
	),
	start: formAction(
		async ({ actor, form }) => startWork(db(), actor, { jobId: formId(form, 'jobId') }),
		{ ...asOperator, target: (form) => `job:${text(form, 'jobId')}` }
	),
	move: formAction(
		async ({ actor, form }) => {
			const version = Number(text(form, 'version'));
			const { job, events } = await stationMove(db(), actor, {
				jobId: formId(form, 'jobId'),
				toStageId: formId(form, 'toStageId'),
				...(Number.isInteger(version) && version >= 0 && text(form, 'version') ? { version } : {})
			});
			return { moved: { jobId: job.id, stageId: job.stageId }, events };
		},
		{ ...asOperator, target: (form) => `job:${text(form, 'jobId')}` }
	)
};
