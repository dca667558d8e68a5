import type { Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { authenticateToken } from '../auth/request';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../auth/session';
import { displayViewer } from '../displays';
import { orderIdForTrackingToken } from '../tracking';

/** Who is on the other end of a socket: a viewer, or null for an anonymous tracking-page visitor. */
export type SocketIdentity = { viewer: Viewer | null };

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

/**
 * Resolves the handshake's credentials: `auth.token` (session token, API key, display or tracking token) or the
 * session cookie. No credentials → anonymous; credentials that match nothing → null (refused as `unauthorized`).
 */
export async function identifySocket(
	db: DbOrTx,
	handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }
): Promise<SocketIdentity | null> {
	const authToken = typeof handshake.auth?.token === 'string' ? handshake.auth.token : null;
	const cookieHeader = handshake.headers.cookie;
	const token = authToken ?? [SECURE_SESSION_COOKIE, SESSION_COOKIE].map((name) => cookieValue(Array.isArray(cookieHeader) ? cookieHeader.join(';') : cookieHeader, name)).find(Boolean) ?? null;
	if (!token) return { viewer: null };
	if (token.length > 200) return null;

	const auth = await authenticateToken(db, token);
	if (auth) return { viewer: auth.actor };
	const display = await displayViewer(db, token);
	if (display) return { viewer: display };
	const orderId = await orderIdForTrackingToken(db, token);
	if (orderId !== null) return { viewer: { kind: 'tracking', orderId } };
	return null;
}
