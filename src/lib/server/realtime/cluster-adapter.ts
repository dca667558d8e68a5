import { createAdapter as postgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as redisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { AppContext } from '../context';
import { releasingEndedClients } from '../db';
import type { FloorboardServer } from './types';

export interface ClusterLink {
	kind: 'postgres' | 'redis';
	close(): Promise<void>;
}

/**
 * How broadcasts cross processes: through Redis streams when `REDIS_URL` is set, else through PostgreSQL's
 * LISTEN/NOTIFY when the shop runs on PostgreSQL; none on the embedded database (one process). Every connection here
 * has an `error` listener: without one, a Redis or PostgreSQL restart would end the process.
 */
export function attachClusterAdapter(
	io: FloorboardServer,
	context: AppContext
): ClusterLink | null {
	const onError = (error: unknown) => console.error('socket.io adapter', error);
	if (context.config.redisUrl) {
		const client = createClient({ url: context.config.redisUrl });
		client.on('error', onError);
		// Commands wait in the client's queue until it connects; a Redis that is down is retried, not fatal.
		client.connect().catch(onError);
		const stream = context.config.redisStream;
		io.adapter(redisStreamsAdapter(client, { streamName: stream, channelPrefix: stream }));
		return { kind: 'redis', close: async () => void (await client.close().catch(onError)) };
	}
	if (context.database.pool) {
		io.adapter(
			postgresAdapter(releasingEndedClients(context.database.pool), { errorHandler: onError })
		);
		return { kind: 'postgres', close: async () => {} };
	}
	return null;
}
