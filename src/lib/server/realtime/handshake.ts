import pLimit from 'p-limit';
import type { Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { authenticateToken } from '../auth/request';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../auth/session';
import { displayViewer } from '../displays';
import { orderIdForTrackingToken } from '../tracking';
import { STATION_COOKIES } from '../stations/cookie-names';
import { stationSocketIdentity } from '../stations/socket';

/**
 * Who is on the other end of a socket: a viewer, or null for an anonymous tracking-page visitor; and the session
 * that authenticated it, if one did (signing that session out ends the socket).
 */
export type SocketIdentity = { viewer: Viewer | null; sessionId: string | null };

type Handshake = {
	auth?: Record<string, unknown>;
	headers: Record<string, string | string[] | undefined>;
};

function cookieValue(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key !== name) continue;
		try {
			return decodeURIComponent(rest.join('='));
		} catch {
			return rest.join('='); // malformed escapes: matches no token, so the handshake refuses it as unauthorized
		}
	}
	return null;
}

/** The handshake's credential: `auth.token` (session token, API key, display or tracking token), else the session cookie. */
export function handshakeCredential(
	handshake: Handshake
): { token: string; viaCookie: boolean; station?: true } | null {
	if (typeof handshake.auth?.token === 'string')
		return { token: handshake.auth.token, viaCookie: false };
	const header = handshake.headers.cookie;
	const joined = Array.isArray(header) ? header.join(';') : header;
	// A station page connects as its signed-in operator (`auth: {station: true}`), by the station cookie.
	if (handshake.auth?.station === true) {
		const station = STATION_COOKIES.map((name) => cookieValue(joined, name)).find(Boolean);
		return station ? { token: station, viaCookie: true, station: true } : null;
	}
	const token = [SECURE_SESSION_COOKIE, SESSION_COOKIE]
		.map((name) => cookieValue(joined, name))
		.find(Boolean);
	return token ? { token, viaCookie: true } : null;
}

/**
 * Whether a handshake's `Origin` is the site itself: `publicUrl` (`ORIGIN`) when set, else the request's own host
 * over http or https. A browser sends the cookie with a WebSocket opened by any page, so a cookie counts only from
 * the site's own pages (no cross-site WebSocket hijacking from a sibling subdomain or another port).
 */
export function sameOrigin(headers: Handshake['headers'], publicUrl: string | null): boolean {
	const origin = headers.origin;
	if (typeof origin !== 'string') return false;
	if (publicUrl) return URL.canParse(publicUrl) && new URL(publicUrl).origin === origin;
	if (!URL.canParse(origin)) return false;
	const url = new URL(origin);
	return (
		(url.protocol === 'http:' || url.protocol === 'https:') &&
		typeof headers.host === 'string' &&
		url.host === headers.host.toLowerCase()
	);
}

/**
 * How many sockets' identities are read at once, of the pool's ten connections. Every screen reads its identity at
 * the handshake and again when it subscribes: 200 screens reconnecting at once queue 400 reads, and a page
 * requested meanwhile (the sign-in page reads the shop's settings) waited behind all of them in the pool's queue.
 * They queue here instead, and the rest of the pool stays free for pages and the API (bench/README.md, session 15).
 */
export const IDENTITY_READS_AT_ONCE = 4;
const identityReads = pLimit(IDENTITY_READS_AT_ONCE);

/**
 * Resolves the handshake's credentials (see {@link handshakeCredential}). No credentials → anonymous; credentials
 * that match nothing → null (refused as `unauthorized`). A socket closed while its read waited for its turn
 * (`open()` false) is answered null without a read: screens retrying through an outage leave no backlog of reads.
 */
export async function identifySocket(
	db: DbOrTx,
	handshake: Handshake,
	open: () => boolean = () => true
): Promise<SocketIdentity | null> {
	const credential = handshakeCredential(handshake);
	const token = credential?.token;
	if (!token) return { viewer: null, sessionId: null };
	if (token.length > 200) return null;
	return identityReads(() => (open() ? identityOf(db, token, credential.station === true) : null));
}

async function identityOf(
	db: DbOrTx,
	token: string,
	station: boolean
): Promise<SocketIdentity | null> {
	if (station) return stationSocketIdentity(db, token);

	const auth = await authenticateToken(db, token);
	if (auth) return { viewer: auth.actor, sessionId: auth.session?.id ?? null };
	const display = await displayViewer(db, token);
	if (display) return { viewer: display, sessionId: null };
	const orderId = await orderIdForTrackingToken(db, token);
	if (orderId !== null) return { viewer: { kind: 'tracking', orderId }, sessionId: null };
	return null;
}
