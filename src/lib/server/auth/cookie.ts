import type { RequestEvent } from '@sveltejs/kit';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from './session';

type CookieEvent = Pick<RequestEvent, 'cookies' | 'url'>;

/**
 * The session cookie's name for this request. Over TLS it is `__Host-session`: browsers accept it only with Secure,
 * Path=/ and no Domain, so neither a sibling subdomain nor a plain-http page can set or overwrite it. Over plain
 * http (the demo, a LAN without TLS) it is `session`. `event.url.protocol` is https when adapter-node says so
 * (`ORIGIN=https://…`, or the proxy's `X-Forwarded-Proto` through `PROTOCOL_HEADER`).
 */
export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The session token of this request's cookie (only the name of its protocol counts). */
export function readSessionCookie(event: CookieEvent): string | null {
	return event.cookies.get(sessionCookieName(event.url)) ?? null;
}

export function setSessionCookie(event: CookieEvent, token: string, expiresAt: Date): void {
	const secure = event.url.protocol === 'https:';
	event.cookies.set(sessionCookieName(event.url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt
	});
	// A session from before the site moved to TLS no longer counts; drop its cookie rather than leave it lying about.
	if (secure && event.cookies.get(SESSION_COOKIE) !== undefined)
		event.cookies.delete(SESSION_COOKIE, { path: '/', secure });
}

export function clearSessionCookie(event: CookieEvent): void {
	event.cookies.delete(sessionCookieName(event.url), {
		path: '/',
		secure: event.url.protocol === 'https:'
	});
}
