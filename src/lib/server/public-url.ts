import { hostname as machineHostname } from 'node:os';
import type { AddressInfo } from 'node:net';

/**
 * The base URL of links in messages (tracking links in e-mails): `ORIGIN` when set; otherwise where this server
 * actually listens, once it does. A loopback address reads as `localhost`; "every interface" (0.0.0.0, ::) as the
 * machine's host name, the likeliest name other computers on the shop's network know it by. Neither is right for
 * a customer's inbox: in production, set ORIGIN (the start-up warns when it is unset).
 */
export function listeningUrl(
	address: AddressInfo | string | null,
	hostname: string = machineHostname()
): string | null {
	if (address === null || typeof address === 'string') return null; // a pipe or a socket file: no URL to give
	const host = urlHost(address.address, hostname);
	return `http://${host}${address.port === 80 ? '' : `:${address.port}`}`;
}

function urlHost(address: string, hostname: string): string {
	const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
	if (ip === 'localhost' || ip === '::1' || ip.startsWith('127.')) return 'localhost';
	if (ip === '0.0.0.0' || ip === '::') return hostname.trim() || 'localhost';
	return ip.includes(':') ? `[${ip}]` : ip;
}

/** The one place readers ask for the public URL: ORIGIN, else the listening address, else null (not listening yet). */
export function publicUrlOf(context: {
	config: { publicUrl: string | null };
	listeningUrl?: string | null;
}): string | null {
	return context.config.publicUrl ?? context.listeningUrl ?? null;
}

/** What the start-up says when ORIGIN is unset: links in e-mails work only where the listening address does. */
export function originWarning(url: string): string {
	return `ORIGIN is not set: links in e-mails point to ${url}, where this server listens. In production set ORIGIN to the shop's public URL (e.g. ORIGIN=https://board.example.com).`;
}
