import { describe, expect, it } from 'vitest';
import { Decoder, PacketType } from 'socket.io-parser';
import { RawJson, rawJsonParser } from './raw-json';

function roundTrip(packet: { type: number; nsp: string; id?: number; data: unknown[] }) {
	const [encoded] = new rawJsonParser.Encoder().encode(packet);
	let decoded: unknown;
	const decoder = new Decoder();
	decoder.on('decoded', (value: unknown) => (decoded = value));
	decoder.add(encoded as string);
	return { encoded, decoded };
}

describe('rawJsonParser', () => {
	it('splices JSON text into an acknowledgement as the value it stands for', () => {
		const board = { jobs: [{ id: 1, title: 'a "quoted" $& title' }], n: 2 };
		const { decoded } = roundTrip({
			type: PacketType.ACK,
			nsp: '/',
			id: 7,
			data: [{ ok: true, board: new RawJson(JSON.stringify(board)) }]
		});
		expect(decoded).toEqual({ type: PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, board }] });
	});

	it('encodes everything else as Socket.IO does', () => {
		const packet = { type: PacketType.EVENT, nsp: '/', data: ['job:updated', { job: { id: 1 } }] };
		const { encoded } = roundTrip(packet);
		expect(encoded).toBe(`2${JSON.stringify(packet.data)}`);
	});

	it('stays correct through any other serialiser', () => {
		expect(JSON.stringify({ board: new RawJson('{"a":[1]}') })).toBe('{"board":{"a":[1]}}');
	});
});
