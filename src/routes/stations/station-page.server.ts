import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { formAction, formFailure, formId, text } from '$lib/server/http/form-action';
import { pageActor, signInUrl } from '$lib/server/http/guard';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { signOut } from '$lib/server/auth/session';
import { endpoint } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/page';
import { listOrderStates } from '$lib/server/catalog';
import { scanJob } from '$lib/server/jobs/scan';
import { queryObject } from '$lib/server/query-params';
import {
	deviceTarget,
	forgetStationDevice,
	setUpStationDevice,
	signInOperator,
	signOutOperator,
	stationPeople,
	stationThrottle
} from '$lib/server/stations/devices';
import { clearStationCookie, setStationCookie, stationActor } from '$lib/server/stations/http';
import { stationPlace, stationViewOf, type StationTarget } from '$lib/server/stations/queue';
import { startWork, stationMove } from '$lib/server/stations/work';
import { ticketLayout, ticketsResponse } from '$lib/server/tickets/response';
import { newOrderTickets, newOrderTicketsInput } from '$lib/server/tickets/tickets';
import { stationPath } from '$lib/domain/station';
import { m } from '$lib/paraglide/messages';

/**
 * A station page's server side, shared by a department's station (`/stations/<departmentId>`) and a stage group's
 * (`/stations/group/<groupId>`): which station a route is comes from its `targetOf(params)`.
 */
type TargetOf = (params: Partial<Record<string, string>>) => StationTarget;

const idOf = (param: string | undefined): number => {
	const id = Number(param);
	if (!param || !/^\d{1,9}$/.test(param) || id < 1)
		error(404, { code: 'not_found', message: m.error_not_found_detail() });
	return id;
};
export const departmentStation: TargetOf = (params) => ({
	kind: 'department',
	id: idOf(params.departmentId)
});
export const groupStation: TargetOf = (params) => ({ kind: 'group', id: idOf(params.groupId) });

const isManager = (role: string | undefined) => role === 'admin' || role === 'manager';

/**
 * A station: on a browser set up as one, the PIN pad until an operator signs in, then the station's queue as
 * that operator may see it; on anyone else's browser, the queue as its signed-in user sees it.
 */
export function stationLoad(targetOf: TargetOf) {
	return async ({ locals, params, url, setHeaders }: RequestEvent) => {
		const target = targetOf(params);
		setHeaders({ 'cache-control': 'no-store' });
		const station = locals.station;
		if (station) {
			const own = deviceTarget(station.device);
			if (own.kind !== target.kind || own.id !== target.id) redirect(303, stationPath(own));
		}
		if (!station && !locals.user) redirect(303, signInUrl(url));
		const manager = isManager(locals.user?.role);
		const device = station
			? { canForget: manager || isManager(station.device.operator?.actor.role) }
			: null;
		const operator = station?.device.operator ?? null;
		if (station && !operator) {
			const [place, people] = await loadOrError(() =>
				Promise.all([stationPlace(db(), target), stationPeople(db())])
			);
			return {
				mode: 'pin' as const,
				kind: target.kind,
				department: place.station,
				people,
				device
			};
		}
		const actor = stationActor(locals);
		const [view, states] = await loadOrError(() =>
			Promise.all([stationViewOf(db(), actor, target), listOrderStates(db())])
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
}

const asOperator = { actorOf: stationActor };

/** The PIN pad's actions belong to a browser set up as a station: anyone else is told to sign in (401). */
function stationOf(locals: App.Locals) {
	if (!locals.station) error(401, { code: 'unauthorized', message: m.station_signed_out() });
	return locals.station;
}

export function stationActions(targetOf: TargetOf) {
	return {
		signIn: async (event: RequestEvent) => {
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
		signOut: async (event: RequestEvent) => {
			const station = stationOf(event.locals);
			publish((await signOutOperator(db(), station.token)).events);
			return { signedOut: true };
		},
		setUp: formAction(
			async ({ actor, event }) => {
				const target = targetOf(event.params);
				const { token } = await setUpStationDevice(
					db(),
					actor,
					target.kind === 'group' ? { groupId: target.id } : { departmentId: target.id }
				);
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
		),
		// The scan field: a ticket's link or code → the job as the operator may see it and where it may go. An
		// unknown code and another's job are the same 404 (`scanJob`).
		scan: formAction(
			async ({ actor, form }) => ({ scan: await scanJob(db(), actor, text(form, 'code')) }),
			{ ...asOperator, target: 'scan' }
		)
	};
}

/**
 * "Print tickets for new orders" at a station (`…/tickets.pdf?since=&layout=`): the batch of the jobs of new
 * orders whose workflow passes through the station's stages, as the operator sees them. Served under the
 * station's own path, where a station tablet's cookie counts (it has no session for `/api/v1`).
 */
export function stationTickets(targetOf: TargetOf) {
	return endpoint(async ({ locals, params, url }) => {
		const target = targetOf(params);
		const actor = stationActor(locals);
		const layout = ticketLayout(url);
		const { since } = newOrderTicketsInput.parse(queryObject(url.searchParams));
		const { stages } = await stationPlace(db(), target);
		const batch = await newOrderTickets(
			db(),
			actor,
			target.kind === 'group'
				? { since, stageIds: stages.map((stage) => stage.id) }
				: { since, departmentId: target.id }
		);
		return ticketsResponse(batch, {
			url,
			layout,
			filename: 'tickets-new.pdf',
			emptyNote: (locale, date) => m.ticket_no_new_jobs({ since: date(batch.since) }, { locale })
		});
	});
}
