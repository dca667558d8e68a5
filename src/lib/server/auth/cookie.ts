import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(event: Pick<RequestEvent, 'cookies'>): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/' });
}
