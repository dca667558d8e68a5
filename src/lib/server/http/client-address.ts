/**
 * The client's address for a request that does not pass through SvelteKit (a Socket.IO handshake), read as
 * adapter-node's `getClientAddress()` reads it for the sign-in throttle: the `ADDRESS_HEADER` when set (for
 * `X-Forwarded-For`, the entry `XFF_DEPTH` from the right), else the TCP peer. Both limits then count the same
 * client behind a proxy. A request without the configured header came around the proxy: its peer counts.
 */
export function clientAddress(
	headers: Record<string, string | string[] | undefined>,
	peer: string | undefined,
	env: NodeJS.ProcessEnv = process.env
): string {
	const header = env.ADDRESS_HEADER?.trim().toLowerCase();
	const raw = header ? headers[header] : undefined;
	const value = (Array.isArray(raw) ? raw.join(',') : raw)?.trim();
	if (!header || !value) return peer ?? 'unknown';
	if (header !== 'x-forwarded-for') return value;
	const addresses = value.split(',').map((address) => address.trim());
	const depth = Math.max(1, Number(env.XFF_DEPTH ?? 1) || 1);
	return addresses[Math.max(0, addresses.length - depth)] || peer || 'unknown';
}
