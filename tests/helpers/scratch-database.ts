import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database of its own on the PostgreSQL server at `base`, for tests that start whole server processes (which
 * cannot share a schema-per-test): `url` points at it, `drop()` removes it even while connections remain.
 */
export async function createScratchDatabase(
	base: string,
	prefix: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	await onServer(base, `create database ${name}`);
	const url = new URL(base);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: () => onServer(base, `drop database if exists ${name} with (force)`)
	};
}

async function onServer(base: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: base });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}
