import type { DbOrTx } from '../db';
import type { SocketIdentity } from '../realtime/handshake';
import { stationDeviceOf } from './devices';

/**
 * A station page's socket is its signed-in operator, with their sign-in as its session: signing out (or a new
 * operator) ends it, and every request on it re-reads the station, so an operator idle past the shop's minutes
 * is refused. A station without an operator may not connect (there is nothing it may see).
 */
export async function stationSocketIdentity(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<SocketIdentity | null> {
	const found = await stationDeviceOf(db, token, { touch: false, now });
	const operator = found?.device.operator;
	return operator ? { viewer: operator.actor, sessionId: operator.session } : null;
}
