import type { AppContext } from './context';

/**
 * What `npm start` prints for the person who started it: where to go, how to get in, how long start-up took
 * (`startedMs`, since the process began). Plain text on purpose, beside the JSON log lines.
 */
export function startupBanner(context: AppContext, url: string, startedMs?: number): string {
	const lines = [
		`\nFloorboard is running at ${url}${startedMs === undefined ? '' : ` (started in ${(startedMs / 1000).toFixed(1)} s)`}`,
		`Database: ${context.database.kind === 'pglite' ? `embedded (${context.config.dataDir})` : 'PostgreSQL'}`
	];
	const demo = context.startup.demo;
	if (isLoopback(context.config.host)) {
		lines.push(
			`Listening on ${context.config.host} only: other computers cannot open it${context.config.demo ? ' (a demo shop; set HOST=0.0.0.0 to share it on the network)' : ''}.`
		);
	}
	if (demo) {
		lines.push('', `Demo logins (password: ${demo.password}):`);
		for (const user of demo.users) lines.push(`  ${user.email.padEnd(32)} ${user.role}`);
		if (demo.displayToken) lines.push('', `Wall display:  ${url}/display/${demo.displayToken}`);
		if (demo.trackingToken)
			lines.push(
				`Tracking page: ${url}/track/${demo.trackingToken}  (order ${demo.trackingOrderNumber})`
			);
	} else if (context.startup.initialAdmin) {
		const admin = context.startup.initialAdmin;
		lines.push(
			'',
			`First start: sign in as ${admin.email} with password ${admin.password} and change it.`
		);
	}
	return lines.join('\n') + '\n';
}

const isLoopback = (host: string) =>
	host === 'localhost' || host === '::1' || host.startsWith('127.');
