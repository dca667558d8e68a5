import { createHash } from 'node:crypto';
import pg from 'pg';

/** Statements prepared per connection at most; beyond it queries run unnamed, as pg does by default. */
const MAX_PREPARED = 300;

/**
 * A pg client that runs parameterised queries as named prepared statements, so PostgreSQL parses and plans each
 * distinct query once per connection instead of on every call. The hot paths (a move's locking read of five
 * tables) spend most of their database time planning otherwise.
 */
export class PreparingClient extends pg.Client {
	readonly #prepared = new Set<string>();

	// pg's query() is heavily overloaded; only (text, values) calls — Kysely's — are rewritten.
	query(...args: any[]): any {
		const [text, values] = args;
		if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
			const name = 'fb_' + createHash('sha1').update(text).digest('base64url');
			if (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED) {
				this.#prepared.add(name);
				return super.query({ name, text, values });
			}
		}
		return (super.query as (...a: any[]) => any)(...args);
	}
}
