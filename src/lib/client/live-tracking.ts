import type { TrackingView } from '$lib/contract/views';
import type { Connection } from './connection.svelte';
import { isPassingRefusal, retryDelay } from './reconnect';

/**
 * Follows one order's tracking view: subscribes on every (re)connection — asking a busy server again after a
 * while — and hands over each view, the subscription's answer and every `track:updated` alike.
 */
export function followTracking(
	connection: Connection,
	token: string,
	onView: (view: TrackingView) => void
): () => void {
	let failures = 0;
	let retry: ReturnType<typeof setTimeout> | null = null;
	const subscribe = async () => {
		if (retry !== null) clearTimeout(retry);
		retry = null;
		const ack = await connection.request('subscribe', { track: token }).catch(() => null);
		if (ack?.ok && 'track' in ack) {
			failures = 0;
			onView(ack.track);
		} else if (
			isPassingRefusal(ack && !ack.ok ? ack.error.code : null) &&
			connection.socket.connected
		) {
			retry = setTimeout(subscribe, retryDelay(failures++, connection.retry));
		}
	};
	connection.socket.on('track:updated', onView);
	const stop = connection.onConnect(() => void subscribe());
	return () => {
		stop();
		if (retry !== null) clearTimeout(retry);
		connection.socket.off('track:updated', onView);
	};
}
