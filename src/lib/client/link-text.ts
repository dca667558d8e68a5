import { m } from '$lib/paraglide/messages';
import type { EndReason, LinkState } from './connection.svelte';

/** Who watches the connection: the signed-in app, a wall display, or a customer's tracking page. */
export type LinkAudience = 'app' | 'display' | 'tracking';

/** What the badge says: a short label and, while offline, since when. */
export interface LinkText {
	label: string;
	detail: string | null;
}

/** Why access ended, in the words of the screen that lost it ("unauthorized" means a signed-out app, a revoked display). */
function endedLabel(reason: EndReason, audience: LinkAudience): string {
	if (reason === 'forbidden_origin') return m.connection_refused();
	if (reason === 'display_revoked' || (reason === 'unauthorized' && audience === 'display'))
		return m.connection_display_revoked();
	if (reason === 'session_ended' || (reason === 'unauthorized' && audience === 'app'))
		return m.connection_session_ended();
	return m.connection_access_revoked();
}

/** The badge's words for a connection state at `now`; `clock` writes a time as the shop reads it ("10:42"). */
export function linkText(
	state: LinkState,
	audience: LinkAudience,
	now: number,
	clock: (date: Date) => string
): LinkText {
	switch (state.kind) {
		case 'online':
			return { label: m.connection_online(), detail: null };
		case 'connecting':
			return { label: m.connection_connecting(), detail: null };
		case 'ended':
			return { label: endedLabel(state.reason, audience), detail: null };
		case 'offline': {
			const label =
				state.retryAt === null
					? m.connection_reconnecting()
					: m.connection_reconnecting_in({
							seconds: Math.max(1, Math.ceil((state.retryAt - now) / 1000))
						});
			return { label, detail: m.connection_offline_since({ time: clock(new Date(state.since)) }) };
		}
	}
}
