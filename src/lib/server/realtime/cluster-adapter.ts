import { createAdapter as postgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as redisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { AppContext } from '../context';
import { releasingEndedClients } from '../db';
import type { FloorboardServer } from './types';
import { log } from '../log';

export interface ClusterLink {
	kind: 'postgres' | 'redis';
	/** Whether the link to the other processes is up now (readiness: `/readyz`'s `adapter` check). */
	listening(): boolean;
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
	const onError = (error: unknown) => log.error({ err: error }, 'Socket.IO adapter error');
	if (context.config.redisUrl) {
		const client = createClient({ url: context.config.redisUrl });
		client.on('error', onError);
		// Commands wait in the client's queue until it connects; a Redis that is down is retried, not fatal.
		client.connect().catch(onError);
		const stream = context.config.redisStream;
		io.adapter(redisStreamsAdapter(client, { streamName: stream, channelPrefix: stream }));
		return {
			kind: 'redis',
			listening: () => client.isReady,
			close: async () => void (await client.close().catch(onError))
		};
	}
	if (context.database.pool) {
		io.adapter(
			postgresAdapter(releasingEndedClients(context.database.pool), { errorHandler: onError })
		);
		return { kind: 'postgres', listening: () => adapterListening(io), close: async () => {} };
	}
	return null;
}

/** Whether the PostgreSQL adapter holds its LISTEN connection (it drops it when the database goes, and retries). */
function adapterListening(io: FloorboardServer): boolean {
	const adapter = io.of('/').adapter as unknown as { client?: { client?: unknown } };
	return adapter.client?.client !== undefined;
}
