import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import { requestFields } from './request-context';

/**
 * The server's one logger: a JSON line per event on stdout (for journald, Docker, Loki…), pretty and coloured
 * when stdout is a terminal and pino-pretty is installed (a devDependency: a production install without it
 * logs JSON). `LOG_LEVEL` (trace … fatal, silent) sets how much; `info` by default. Lines logged while serving
 * a request carry its id, route and actor id. Shared through globalThis like the context, so server.ts and the
 * SvelteKit bundle write through one stream.
 */
export const log: Logger = ((globalThis as Record<symbol, unknown>)[
	Symbol.for('floorboard.logger')
] ??= createLogger()) as Logger;

function createLogger(): Logger {
	return pino(
		{
			level: process.env.LOG_LEVEL?.trim() || 'info',
			mixin: () => requestFields() ?? {},
			// An object logged as `err` keeps its stack and cause; so does a bare error passed as the only argument.
			serializers: { err: pino.stdSerializers.errWithCause }
		},
		prettyStream()
	);
}

function prettyStream(): DestinationStream | undefined {
	if (!process.stdout.isTTY || process.env.LOG_FORMAT === 'json') return undefined;
	try {
		const pretty = createRequire(import.meta.url)('pino-pretty') as (
			options: Record<string, unknown>
		) => DestinationStream;
		return pretty({
			colorize: true,
			sync: true,
			ignore: 'pid,hostname',
			translateTime: 'HH:MM:ss'
		});
	} catch {
		return undefined; // not installed (a production install): JSON it is
	}
}
