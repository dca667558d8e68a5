import { describe, expect, it } from 'vitest';
import { listeningUrl, publicUrlOf } from './public-url';

const at = (address: string, port: number, family = address.includes(':') ? 'IPv6' : 'IPv4') => ({
	address,
	port,
	family
});

describe('listeningUrl', () => {
	it('names a loopback address localhost, with the real port', () => {
		expect(listeningUrl(at('127.0.0.1', 41_234), 'press-pc')).toBe('http://localhost:41234');
		expect(listeningUrl(at('::1', 5000), 'press-pc')).toBe('http://localhost:5000');
		expect(listeningUrl(at('::ffff:127.0.0.1', 5000), 'press-pc')).toBe('http://localhost:5000');
	});

	it('names "every interface" by the machine, since other computers cannot reach its localhost', () => {
		expect(listeningUrl(at('0.0.0.0', 3000), 'press-pc')).toBe('http://press-pc:3000');
		expect(listeningUrl(at('::', 8080), 'press-pc')).toBe('http://press-pc:8080');
		expect(listeningUrl(at('0.0.0.0', 3000), '')).toBe('http://localhost:3000');
	});

	it('keeps a specific address as it is (IPv6 in brackets) and leaves out port 80', () => {
		expect(listeningUrl(at('192.168.1.20', 3000), 'press-pc')).toBe('http://192.168.1.20:3000');
		expect(listeningUrl(at('fd00::20', 3000), 'press-pc')).toBe('http://[fd00::20]:3000');
		expect(listeningUrl(at('192.168.1.20', 80), 'press-pc')).toBe('http://192.168.1.20');
	});

	it('has no URL before listening or on a pipe', () => {
		expect(listeningUrl(null)).toBeNull();
		expect(listeningUrl('/tmp/floorboard.sock')).toBeNull();
	});
});

describe('publicUrlOf', () => {
	it('prefers ORIGIN to the listening address', () => {
		expect(
			publicUrlOf({
				config: { publicUrl: 'https://board.example.com' },
				listeningUrl: 'http://localhost:3000'
			})
		).toBe('https://board.example.com');
		expect(
			publicUrlOf({ config: { publicUrl: null }, listeningUrl: 'http://localhost:3000' })
		).toBe('http://localhost:3000');
		expect(publicUrlOf({ config: { publicUrl: null } })).toBeNull();
	});
});
