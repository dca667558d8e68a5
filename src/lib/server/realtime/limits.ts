import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ClientToServerEvents } from '../../contract/socket';
import { AppError } from '../errors';

type Request = keyof ClientToServerEvents;

/** What one socket and one address may do (README, "Security"). Each process counts its own sockets. */
export interface SocketLimitNumbers {
	/** Per socket and event: `perSecond` steadily, and `burst` more within `burstSeconds` on top. */
	events: Record<Request, { perSecond: number; burst: number; burstSeconds: number }>;
	/** Requests of one socket being answered at once; one more disconnects the socket. */
	inFlightPerSocket: number;
	/**
	 * Open connections from one client address; one more is refused at the handshake (`too_many_connections`).
	 * `FLOORBOARD_SOCKETS_PER_ADDRESS` sets it (config `socketsPerAddress`).
	 */
	connectionsPerAddress: number;
}

export const SOCKET_LIMITS: SocketLimitNumbers = {
	events: {
		subscribe: { perSecond: 20, burst: 20, burstSeconds: 10 },
		unsubscribe: { perSecond: 20, burst: 20, burstSeconds: 10 },
		'job:move': { perSecond: 10, burst: 20, burstSeconds: 10 },
		'comments:watch': { perSecond: 20, burst: 20, burstSeconds: 10 },
		'comments:unwatch': { perSecond: 20, burst: 20, burstSeconds: 10 }
	},
	inFlightPerSocket: 8,
	connectionsPerAddress: 50
};

/**
 * The per-socket rate of each event (rate-limiter-flexible: a steady rate plus a burst allowance, in memory) and
 * the per-address connection count. Refusing costs no database work, so a flood stays cheap for everyone else.
 */
export class SocketLimits {
	readonly numbers: SocketLimitNumbers;
	readonly #rates: Record<Request, BurstyRateLimiter>;
	readonly #connections = new Map<string, number>();

	constructor(numbers: SocketLimitNumbers = SOCKET_LIMITS) {
		this.numbers = numbers;
		const rate = (event: Request) => {
			const { perSecond, burst, burstSeconds } = numbers.events[event];
			return new BurstyRateLimiter(
				new RateLimiterMemory({ keyPrefix: event, points: perSecond, duration: 1 }),
				new RateLimiterMemory({
					keyPrefix: `${event}:burst`,
					points: burst,
					duration: burstSeconds
				})
			);
		};
		this.#rates = {
			subscribe: rate('subscribe'),
			unsubscribe: rate('unsubscribe'),
			'job:move': rate('job:move'),
			'comments:watch': rate('comments:watch'),
			'comments:unwatch': rate('comments:unwatch')
		};
	}

	/** Takes one `event` from the socket's allowance; refuses with `too_many_requests` when it is spent. */
	async take(socketId: string, event: Request): Promise<void> {
		try {
			await this.#rates[event].consume(socketId);
		} catch (refusal) {
			if (!(refusal instanceof RateLimiterRes)) throw refusal;
			throw tooManyRequests(refusal.msBeforeNext);
		}
	}

	/** Counts a connection from `address`; false (and nothing counted) when the address already has its share. */
	admit(address: string): boolean {
		const open = this.#connections.get(address) ?? 0;
		if (open >= this.numbers.connectionsPerAddress) return false;
		this.#connections.set(address, open + 1);
		return true;
	}

	release(address: string): void {
		const open = (this.#connections.get(address) ?? 1) - 1;
		if (open > 0) this.#connections.set(address, open);
		else this.#connections.delete(address);
	}
}

export function tooManyRequests(
	waitMs = 1000,
	message = 'Too many requests. Wait a moment and try again.'
): AppError {
	return new AppError('too_many_requests', message, {
		retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000))
	});
}
