import { describe, expect, it } from 'vitest';
import {
	checkAddress,
	classifyAddress,
	literalRefusal,
	resolveWebhookTarget,
	WebhookAddressError,
	type AddressClass
} from './webhook-address';
import { plainExcerpt } from './webhook-http';

describe('classifyAddress', () => {
	const cases: [string, AddressClass][] = [
		['127.0.0.1', 'loopback'],
		['127.255.0.9', 'loopback'],
		['::1', 'loopback'],
		['::ffff:127.0.0.1', 'loopback'],
		['::ffff:7f00:1', 'loopback'],
		['::127.0.0.1', 'loopback'], // IPv4-compatible (deprecated) form
		['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
		['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
		['0.0.0.0', 'unspecified'],
		['0.1.2.3', 'unspecified'],
		['::', 'unspecified'],
		['169.254.169.254', 'link_local'],
		['::ffff:169.254.169.254', 'link_local'],
		['fe80::1', 'link_local'],
		['febf::1', 'link_local'],
		['100.100.100.200', 'metadata'],
		['fd00:ec2::254', 'metadata'],
		['168.63.129.16', 'metadata'],
		['224.0.0.1', 'multicast'],
		['ff02::1', 'multicast'],
		['255.255.255.255', 'reserved'],
		['10.0.0.7', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.20', 'private'],
		['100.64.0.1', 'private'],
		['fd12:3456::1', 'private'],
		['fc00::1', 'private'],
		['::ffff:10.1.2.3', 'private'],
		['93.184.216.34', 'public'],
		['172.32.0.1', 'public'],
		['100.128.0.1', 'public'],
		['2606:4700::1111', 'public'],
		['::ffff:93.184.216.34', 'public']
	];
	it.each(cases)('%s is %s', (address, expected) => {
		expect(classifyAddress(address)).toBe(expected);
	});
});

describe('checkAddress', () => {
	it('always refuses loopback, link-local and metadata addresses, and private ones unless allowed', () => {
		for (const address of [
			'127.0.0.1',
			'::1',
			'169.254.169.254',
			'fd00:ec2::254',
			'100.100.100.200',
			'0.0.0.0',
			'::'
		]) {
			expect(checkAddress(address, { allowPrivate: true }), address).not.toBeNull();
		}
		expect(checkAddress('10.0.0.7', { allowPrivate: false })).toMatchObject({
			addressClass: 'private',
			i18n: { key: 'hooks_refused_private' }
		});
		expect(checkAddress('10.0.0.7', { allowPrivate: true })).toBeNull();
		expect(checkAddress('93.184.216.34', { allowPrivate: false })).toBeNull();
		expect(checkAddress('127.0.0.1', { allowPrivate: false })?.message).toBe(
			'Webhooks cannot be sent to 127.0.0.1: it is a loopback address (this server itself).'
		);
	});

	it('lets a trusted address through whatever its class, in any of its spellings, and only that one', () => {
		const policy = { allowPrivate: false, trustedAddresses: ['127.0.0.1'] };
		expect(checkAddress('127.0.0.1', policy)).toBeNull();
		expect(checkAddress('::ffff:127.0.0.1', policy)).toBeNull();
		expect(checkAddress('127.0.0.2', policy)).not.toBeNull();
		expect(checkAddress('::1', policy)).not.toBeNull();
	});
});

describe('literalRefusal (the save-time check)', () => {
	const refused = (url: string, allowPrivate = false) =>
		literalRefusal(new URL(url), { allowPrivate });
	it('refuses internal literal addresses and names, in whatever form the URL parser accepts them', () => {
		for (const url of [
			'http://127.0.0.1:8080/',
			'http://[::1]/',
			'http://169.254.169.254/latest/meta-data/',
			'http://2130706433/',
			'http://0x7f.1/',
			'http://[::ffff:127.0.0.1]/',
			'http://0/',
			'http://localhost:3000/',
			'http://api.localhost/',
			'http://metadata.google.internal/'
		]) {
			expect(refused(url), url).not.toBeNull();
		}
	});
	it('refuses a private literal unless the setting allows it, and leaves names to the send-time check', () => {
		expect(refused('http://192.168.1.20/hook')).toMatchObject({ addressClass: 'private' });
		expect(refused('http://192.168.1.20/hook', true)).toBeNull();
		expect(refused('https://erp.example.com/hook')).toBeNull();
		expect(refused('https://93.184.216.34/hook')).toBeNull();
	});
});

describe('resolveWebhookTarget', () => {
	const resolver = (answers: Record<string, string[]>) => async (host: string) =>
		(answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

	it('checks every address a name resolves to, and refuses when any is internal', async () => {
		const resolve = resolver({
			'mixed.example': ['93.184.216.34', '127.0.0.1'],
			'ok.example': ['93.184.216.34', '2606:4700::1111']
		});
		await expect(
			resolveWebhookTarget(new URL('http://mixed.example/'), { allowPrivate: true }, resolve)
		).rejects.toThrow(
			'Webhooks cannot be sent to mixed.example (127.0.0.1): it is a loopback address (this server itself).'
		);
		await expect(
			resolveWebhookTarget(new URL('http://mixed.example/'), { allowPrivate: true }, resolve)
		).rejects.toBeInstanceOf(WebhookAddressError);
		expect(
			await resolveWebhookTarget(new URL('http://ok.example/'), { allowPrivate: false }, resolve)
		).toEqual({ address: '93.184.216.34', family: 4 });
	});

	it('uses a literal address as it is, without asking DNS', async () => {
		const resolve = async () => {
			throw new Error('DNS asked');
		};
		expect(
			await resolveWebhookTarget(
				new URL('http://[2606:4700::1111]:8443/'),
				{ allowPrivate: false },
				resolve
			)
		).toEqual({ address: '2606:4700::1111', family: 6 });
		await expect(
			resolveWebhookTarget(new URL('http://[::1]/'), { allowPrivate: false }, resolve)
		).rejects.toBeInstanceOf(WebhookAddressError);
	});

	it('fails (for a retry) when a name has no address', async () => {
		await expect(
			resolveWebhookTarget(new URL('http://gone.example/'), { allowPrivate: false }, resolver({}))
		).rejects.toThrow('gone.example has no address.');
	});
});

describe('plainExcerpt', () => {
	it('keeps a short plain answer as it is', () => {
		expect(plainExcerpt('upstream broke')).toBe('upstream broke');
		expect(plainExcerpt('')).toBe('');
	});
	it('drops markup, scripts, styles and control characters, and collapses white space', () => {
		const page =
			'<!doctype html><html><head><style>body{color:red}</style><script>alert(1)</script></head><body>\n<h1>Bad\tGateway</h1>\u0007<p>try\u202Elater</p></body></html>';
		expect(plainExcerpt(page)).toBe('Bad Gateway try later');
	});
	it('cuts a long answer to 200 characters with an ellipsis, never inside a character', () => {
		const excerpt = plainExcerpt('é'.repeat(150) + '😀'.repeat(150));
		expect([...excerpt]).toHaveLength(200);
		expect(excerpt.endsWith('😀…')).toBe(true);
	});
});
