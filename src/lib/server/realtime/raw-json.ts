import { randomBytes } from 'node:crypto';
import { Decoder, Encoder } from 'socket.io-parser';

/**
 * JSON text sent as it is inside an acknowledgement: a shared board snapshot is serialised once, not once per
 * socket (200 screens reconnecting would otherwise stringify the same 4 MB board 200 times). Any other serialiser
 * than this module's encoder still gets the value (`toJSON` parses it back).
 */
export class RawJson {
	constructor(readonly text: string) {}

	toJSON(): unknown {
		return JSON.parse(this.text);
	}
}

/** A string no payload contains: random per process. */
const MARK = `__floorboard_raw_json_${randomBytes(16).toString('hex')}_`;

type Packet = { type: number; nsp: string; id?: number; data?: unknown };

/** Each top-level field of an argument that is `RawJson` becomes a marker string; its text is kept in `raws`. */
function withMarkers(argument: unknown, raws: string[]): unknown {
	if (typeof argument !== 'object' || argument === null || Array.isArray(argument)) return argument;
	let copy: Record<string, unknown> | null = null;
	for (const [key, value] of Object.entries(argument)) {
		if (!(value instanceof RawJson)) continue;
		copy ??= { ...(argument as Record<string, unknown>) };
		copy[key] = `${MARK}${raws.length}`;
		raws.push(value.text);
	}
	return copy ?? argument;
}

/** Socket.IO's own encoder, except that `RawJson` fields of an event's or ack's arguments are spliced in as text. */
class RawJsonEncoder extends Encoder {
	override encode(packet: Packet): (string | Buffer)[] {
		const raws: string[] = [];
		const data = Array.isArray(packet.data)
			? packet.data.map((argument) => withMarkers(argument, raws))
			: packet.data;
		if (raws.length === 0) return super.encode(packet);
		return super
			.encode({ ...packet, data })
			.map((part) =>
				typeof part === 'string'
					? part.replace(new RegExp(`"${MARK}(\\d+)"`, 'g'), (_, n: string) => raws[Number(n)])
					: part
			);
	}
}

/** The `parser` option of the Socket.IO server: the standard wire format, with `RawJson` support when encoding. */
export const rawJsonParser = { Encoder: RawJsonEncoder, Decoder };
