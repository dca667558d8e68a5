import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
	const headers = {
		'x-forwarded-for': '203.0.113.7, 198.51.100.2, 10.0.0.1',
		'x-real-ip': '203.0.113.9'
	};

	it('is the TCP peer without ADDRESS_HEADER, whatever the request claims', () => {
		expect(clientAddress(headers, '10.0.0.1', {})).toBe('10.0.0.1');
	});

	it('counts XFF_DEPTH proxies back from the right of X-Forwarded-For, as adapter-node does', () => {
		expect(clientAddress(headers, '10.0.0.1', { ADDRESS_HEADER: 'X-Forwarded-For' })).toBe(
			'10.0.0.1'
		);
		expect(
			clientAddress(headers, '10.0.0.1', { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' })
		).toBe('198.51.100.2');
		expect(
			clientAddress(headers, '10.0.0.1', { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '9' })
		).toBe('203.0.113.7');
	});

	it('reads another header whole, and falls back to the peer when the header is missing', () => {
		expect(clientAddress(headers, '10.0.0.1', { ADDRESS_HEADER: 'X-Real-IP' })).toBe('203.0.113.9');
		expect(clientAddress({}, '10.0.0.1', { ADDRESS_HEADER: 'X-Real-IP' })).toBe('10.0.0.1');
	});
});
