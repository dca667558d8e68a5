import { error, type Handle, type RequestEvent } from '@sveltejs/kit';
import { db, publish } from '../context';
import { pageActor, type UserActor } from '../http/guard';
import { m } from '../../paraglide/messages.js';
import { stationDeviceOf, type StationDevice } from './devices';
import { STATION_COOKIES } from './cookie-names';

/** The station cookie: `__Host-station` over TLS (Secure, Path=/, no Domain), `station` over plain http. */
export const stationCookieName = (url: URL) =>
	url.protocol === 'https:' ? STATION_COOKIES[0] : STATION_COOKIES[1];
/** A station stays set up for a year of not being used; every visit extends it. */
const COOKIE_LIFETIME_S = 365 * 24 * 60 * 60;

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

export function readStationCookie(event: CookieEvent): string | null {
	return event.cookies.get(stationCookieName(event.url)) ?? null;
}

export function setStationCookie(event: CookieEvent, token: string): void {
	event.cookies.set(stationCookieName(event.url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: COOKIE_LIFETIME_S
	});
}

export function clearStationCookie(event: CookieEvent): void {
	event.cookies.delete(stationCookieName(event.url), {
		path: '/',
		secure: event.url.protocol === 'https:'
	});
}

/** The station this browser is, on the station pages: its device and operator, and its cookie's token. */
export interface StationLocals {
	device: StationDevice;
	token: string;
}

const isStationPath = (path: string) => path === '/stations' || path.startsWith('/stations/');

/**
 * On the station pages only, the station cookie → `locals.station`. A page or a button counts as the operator
 * acting (their idle minutes start again); the page's own background reloads (`__data.json` after live events)
 * do not, so an operator who walked away is signed out on time. An operator found idle is signed out here and
 * the sockets their sign-in opened end. The cookie grants nothing anywhere else in the app.
 */
export const stationDevice: Handle = async ({ event, resolve }) => {
	event.locals.station = null;
	if (!isStationPath(event.url.pathname)) return resolve(event);
	const token = readStationCookie(event);
	if (!token) return resolve(event);
	const touch = event.request.method === 'POST' || !event.isDataRequest;
	const found = await stationDeviceOf(db(), token, { touch });
	if (!found) clearStationCookie(event);
	else {
		publish(found.events);
		event.locals.station = { device: found.device, token };
		setStationCookie(event, token);
	}
	return resolve(event);
};

/**
 * Who acts on a station page: on a station device its signed-in operator (a 401 once they are signed out, never
 * the browser's own session); elsewhere the signed-in user, on their own tablet or desk.
 */
export function stationActor(locals: App.Locals): UserActor {
	if (!locals.station) return pageActor(locals);
	const operator = locals.station.device.operator;
	if (!operator) error(401, { code: 'unauthorized', message: m.station_signed_out() });
	return operator.actor;
}
