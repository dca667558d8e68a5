import path from 'node:path';

/** Floorboard's configuration, read once from the environment (DESIGN.md, "Running"). */
export interface Config {
	port: number;
	/** `HOST`; unset, `0.0.0.0`, but `127.0.0.1` for a demo shop (its people and password are printed on its login page). */
	host: string;
	databaseUrl: string | null;
	/** `REDIS_URL`: broadcasts cross processes through Redis streams instead of PostgreSQL. */
	redisUrl: string | null;
	/** `FLOORBOARD_REDIS_STREAM`: the Redis stream (and channel prefix) of this shop, so shops can share one Redis. */
	redisStream: string;
	dataDir: string;
	/** `FLOORBOARD_FILES_DIR`: where uploaded files and print archives are kept; default `<data folder>/files`. */
	filesDir: string;
	demo: boolean;
	shopTimeZone: string | null;
	/** When the timed-rule sweep runs (cron syntax), or null: `FLOORBOARD_CRON=off`, no sweep in this process. */
	cronSchedule: string | null;
	smtpUrl: string | null;
	publicUrl: string | null;
	/** `FLOORBOARD_SOCKETS_PER_ADDRESS`: open Socket.IO connections one client address may hold (a shop's NAT with many screens). */
	socketsPerAddress: number;
	/** `FLOORBOARD_METRICS_TOKEN`: `GET /metrics` on the app's port answers only `Authorization: Bearer` this (404 unset). */
	metricsToken: string | null;
	/** `FLOORBOARD_METRICS_PORT`: a second listener (on HOST) serving only /metrics, /healthz and /readyz. */
	metricsPort: number | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	const demoFlag = env.FLOORBOARD_DEMO?.trim();
	const demo = demoFlag === undefined || demoFlag === '' ? databaseUrl === null : demoFlag === '1';
	return {
		port: Number(env.PORT ?? 3000),
		host: env.HOST?.trim() || (demo ? '127.0.0.1' : '0.0.0.0'),
		databaseUrl,
		redisUrl: env.REDIS_URL?.trim() || null,
		redisStream: env.FLOORBOARD_REDIS_STREAM?.trim() || 'floorboard',
		dataDir: path.resolve(env.FLOORBOARD_DATA_DIR ?? './data'),
		filesDir: path.resolve(
			env.FLOORBOARD_FILES_DIR?.trim() || path.join(env.FLOORBOARD_DATA_DIR ?? './data', 'files')
		),
		demo,
		shopTimeZone: env.TZ_SHOP?.trim() || null,
		cronSchedule: cronSchedule(env.FLOORBOARD_CRON),
		smtpUrl: env.SMTP_URL?.trim() || null,
		publicUrl: env.ORIGIN?.trim() || null,
		socketsPerAddress: positiveInteger(env.FLOORBOARD_SOCKETS_PER_ADDRESS) ?? 50,
		metricsToken: env.FLOORBOARD_METRICS_TOKEN?.trim() || null,
		metricsPort: positiveInteger(env.FLOORBOARD_METRICS_PORT)
	};
}

/** Unset or empty: every minute; `off`: never (tests, or a process that serves only the web while others sweep). */
function cronSchedule(value: string | undefined): string | null {
	const schedule = value?.trim();
	if (!schedule) return '* * * * *';
	return schedule.toLowerCase() === 'off' ? null : schedule;
}

function positiveInteger(value: string | undefined): number | null {
	const number = Number(value?.trim() || NaN);
	return Number.isInteger(number) && number > 0 ? number : null;
}
