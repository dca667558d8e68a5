import type { Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { authenticateToken } from '../auth/request';
import { SESSION_COOKIE } from '../auth/session';

/** Who is on the other end of a socket: a viewer, or null for an anonymous tracking-page visitor. */
export type SocketIdentity = { viewer: Viewer | null };

function cookieValue(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
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
	const token = authToken ?? cookieValue(Array.isArray(cookieHeader) ? cookieHeader.join(';') : cookieHeader, SESSION_COOKIE);
	if (!token) return { viewer: null };
	if (token.length > 200) return null;

	const auth = await authenticateToken(db, token);
	if (auth) return { viewer: auth.actor };
	const display = await db
		.selectFrom('display_links')
		.select(['id', 'workflow_id', 'department_ids'])
		.where('token', '=', token)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (display) {
		return { viewer: { kind: 'display', linkId: display.id, workflowId: display.workflow_id, departmentIds: display.department_ids } };
	}
	const order = await db.selectFrom('orders').select('id').where('tracking_token', '=', token).executeTakeFirst();
	if (order) return { viewer: { kind: 'tracking', orderId: order.id } };
	return null;
}
