import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/*
 * Where a webhook may go. A webhook URL is typed by an admin, but the request leaves from the server, inside the
 * shop's network: without this check it could reach the server itself (127.0.0.1, a database port), the cloud's
 * metadata service (169.254.169.254 hands out credentials) or other machines on the LAN. The check runs at send
 * time on every address the name resolves to, and the request then connects to the address that was checked, so
 * a DNS answer that changes between the check and the connection (rebinding) cannot slip through.
 */

/** What an address is, for the webhook policy. `private` is allowed only when the shop's setting says so. */
export type AddressClass =
	| 'public'
	| 'private'
	| 'loopback'
	| 'link_local'
	| 'metadata'
	| 'unspecified'
	| 'multicast'
	| 'reserved';

/** Checked in this order: the metadata services sit inside ranges listed later (100.64/10, fc00::/7). */
const IPV4_RANGES: Record<Exclude<AddressClass, 'public'>, string[]> = {
	// Alibaba Cloud; Oracle Cloud (legacy); Azure's platform endpoint. 169.254.169.254 (AWS, GCP, Azure, …) is link-local.
	metadata: ['100.100.100.200/32', '192.0.0.192/32', '168.63.129.16/32'],
	unspecified: ['0.0.0.0/8'],
	loopback: ['127.0.0.0/8'],
	link_local: ['169.254.0.0/16'],
	multicast: ['224.0.0.0/4'],
	reserved: ['240.0.0.0/4'], // with 255.255.255.255
	private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15']
};

const IPV6_RANGES: Record<Exclude<AddressClass, 'public'>, string[]> = {
	metadata: ['fd00:ec2::254/128'], // AWS over IPv6
	unspecified: ['::/128'],
	loopback: ['::1/128'],
	link_local: ['fe80::/10'],
	multicast: ['ff00::/8'],
	reserved: [],
	// Unique local addresses, the deprecated site-local ones, and a local-use NAT64 prefix (RFC 8215).
	private: ['fc00::/7', 'fec0::/10', '64:ff9b:1::/48']
};

/** IPv6 forms that carry an IPv4 address in their last 32 bits (or, for 6to4, bits 16–48): judged by that address. */
const EMBEDDING_IPV4 = ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b::/96', '::/96'].map((cidr) =>
	ipaddr.IPv6.parseCIDR(cidr)
);
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');

const parseRanges = <T>(ranges: Record<string, string[]>, parse: (cidr: string) => T) =>
	Object.fromEntries(Object.entries(ranges).map(([name, list]) => [name, list.map(parse)]));
const V4 = parseRanges(IPV4_RANGES, (cidr) => ipaddr.IPv4.parseCIDR(cidr));
const V6 = parseRanges(IPV6_RANGES, (cidr) => ipaddr.IPv6.parseCIDR(cidr));

/** The class of one IP address (v4, v6, IPv4-mapped and other IPv4-embedding v6 forms). */
export function classifyAddress(address: string): AddressClass {
	const ip = ipaddr.parse(address);
	if (ip.kind() === 'ipv4') return ipaddr.subnetMatch(ip, V4, 'public') as AddressClass;
	const v6 = ip as ipaddr.IPv6;
	const own = ipaddr.subnetMatch(v6, V6, 'public') as AddressClass;
	if (own !== 'public') return own;
	const embedded = embeddedIPv4(v6);
	return embedded ? classifyAddress(embedded.toString()) : 'public';
}

function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
	const bytes = ip.toByteArray();
	if (EMBEDDING_IPV4.some((range) => ip.match(range))) return new ipaddr.IPv4(bytes.slice(12, 16));
	if (ip.match(SIX_TO_FOUR)) return new ipaddr.IPv4(bytes.slice(2, 6));
	return null;
}

export interface AddressPolicy {
	/** The shop's setting `webhooks_allow_private`: its own ERP on the LAN. */
	allowPrivate: boolean;
	/** Exact addresses allowed whatever their class. Tests only: a local receiver listens on 127.0.0.1. */
	trustedAddresses?: readonly string[];
}

/** Why an address may not receive webhooks (English; the key says it in the admin's language), or null when it may. */
export interface AddressRefusal {
	address: string;
	addressClass: AddressClass;
	message: string;
	i18n: { key: string; params: Record<string, string> };
}

const CLASS_WORDS: Record<Exclude<AddressClass, 'public'>, string> = {
	private:
		'an address on a private network, allowed only when the shop settings allow webhooks to private networks',
	loopback: 'a loopback address (this server itself)',
	link_local: 'a link-local address (where cloud metadata services live)',
	metadata: 'a cloud metadata service',
	unspecified: 'an unspecified address (this server itself)',
	multicast: 'a multicast address',
	reserved: 'a reserved address'
};

export function checkAddress(
	address: string,
	policy: AddressPolicy,
	host = address
): AddressRefusal | null {
	if (policy.trustedAddresses?.some((trusted) => sameAddress(trusted, address))) return null;
	let addressClass: AddressClass;
	try {
		addressClass = classifyAddress(address);
	} catch {
		addressClass = 'reserved'; // not an address ipaddr.js can read: refuse rather than guess
	}
	if (addressClass === 'public' || (addressClass === 'private' && policy.allowPrivate)) return null;
	const where = host === address ? address : `${host} (${address})`;
	return {
		address,
		addressClass,
		message: `Webhooks cannot be sent to ${where}: it is ${CLASS_WORDS[addressClass]}.`,
		i18n: {
			key: addressClass === 'private' ? 'hooks_refused_private' : 'hooks_refused_internal',
			params: { address: where }
		}
	};
}

function sameAddress(a: string, b: string): boolean {
	try {
		return ipaddr.process(a).toNormalizedString() === ipaddr.process(b).toNormalizedString();
	} catch {
		return false;
	}
}

/** `http://[::1]:8080/` → `::1`; a name stays a name. */
export function hostOf(url: URL): string {
	return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Names that are this machine or a metadata service by definition, whatever DNS says (RFC 6761 `localhost`). */
const INTERNAL_NAMES = /^(localhost|.*\.localhost|metadata\.google\.internal|metadata)\.?$/i;

/**
 * The save-time check: refuses a URL whose host is an internal literal address or an internal name. Names that
 * resolve to internal addresses are caught at send time ({@link resolveWebhookTarget}), which is the real check.
 */
export function literalRefusal(url: URL, policy: AddressPolicy): AddressRefusal | null {
	const host = hostOf(url);
	if (isIP(host)) return checkAddress(host, policy);
	if (INTERNAL_NAMES.test(host)) {
		return {
			address: host,
			addressClass: 'loopback',
			message: `Webhooks cannot be sent to ${host}: it is ${CLASS_WORDS.loopback}.`,
			i18n: { key: 'hooks_refused_internal', params: { address: host } }
		};
	}
	return null;
}

export interface ResolvedAddress {
	address: string;
	family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A webhook that may not be sent: the address policy refused it. Not worth retrying until the admin changes something. */
export class WebhookAddressError extends Error {
	constructor(readonly refusal: AddressRefusal) {
		super(refusal.message);
		this.name = 'WebhookAddressError';
	}
}

/**
 * The address a webhook request connects to: every address the host resolves to must pass the policy (one
 * internal answer refuses the delivery), and the first is used for the connection.
 */
export async function resolveWebhookTarget(
	url: URL,
	policy: AddressPolicy,
	resolve: Resolver = systemResolver
): Promise<ResolvedAddress> {
	const host = hostOf(url);
	const literal = isIP(host);
	const addresses = literal ? [{ address: host, family: literal }] : await resolve(host);
	if (addresses.length === 0) throw new Error(`${host} has no address.`);
	for (const { address } of addresses) {
		const refusal = checkAddress(address, policy, host);
		if (refusal) throw new WebhookAddressError(refusal);
	}
	return addresses[0];
}
