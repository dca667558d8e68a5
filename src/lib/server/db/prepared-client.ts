import pg from 'pg';

/** Statements prepared per connection at most; beyond it queries run unnamed, as pg does by default. */
const MAX_PREPARED = 300;
/** Distinct statement texts given a name at most (all connections share the names). */
const MAX_NAMED = 1_000;

/** Statement names by SQL text: a Map lookup reuses V8's cached string hash, where a SHA-1 per query cost ~20 µs. */
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
	let name = names.get(text);
	if (name === undefined && names.size < MAX_NAMED) names.set(text, (name = `fb_${names.size}`));
	return name;
}

/**
 * A pg client that runs parameterised queries as named prepared statements, so PostgreSQL parses and plans each
 * distinct query once per connection instead of on every call. The hot paths (a move's locking read of five
 * tables) spend most of their database time planning otherwise.
 */
export class PreparingClient extends pg.Client {
	readonly #prepared = new Set<string>();

	constructor(config?: string | pg.ClientConfig) {
		super(config);
		// A connection that dies while checked out of the pool (between queries, or holding a LISTEN) emits `error`
		// with nobody else listening, which would end the process. The query in flight, if any, fails with the same
		// error, and the pool drops the connection once it comes back; nothing more to do here.
		this.on('error', () => {});
	}

	// pg's query() is heavily overloaded; only (text, values) calls — Kysely's — are rewritten. An override has to
	// be assignable to every overload, which only `any` parameters and result are.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	query(...args: any[]): any {
		const [text, values] = args;
		if (typeof text === 'string' && Array.isArray(values) && args.length === 2) {
			const name = statementName(text);
			if (name !== undefined && (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED)) {
				this.#prepared.add(name);
				return super.query({ name, text, values });
			}
		}
		return Reflect.apply(super.query, this, args);
	}
}
