import type { Migration } from 'kysely';
import * as initial from './20261123_0001_initial';
import * as socketIoAdapter from './20261123_0002_socket_io_adapter';

/**
 * Every migration, by name. Listed by hand rather than read from the folder so the same list works under
 * Vite (the SvelteKit build, Vitest) and plain Node (tsx server.ts) alike.
 */
export const migrations: Record<string, Migration> = {
	'20261123_0001_initial': initial,
	'20261123_0002_socket_io_adapter': socketIoAdapter
};
