import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file under `dir`, recursively, as a path relative to the repository. */
function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(file) : [file];
	});
}

/** Files the browser may load: components, pages, client modules and the shared contract and domain (ARCHITECTURE.md, rule 5). */
const isBrowserFile = (file: string) =>
	!file.includes(`${path.sep}server${path.sep}`) &&
	!file.includes(`${path.sep}paraglide${path.sep}`) &&
	// `*.server.ts` (pages' and layouts' loads, hooks, a route's server-side helper): SvelteKit keeps them out of the browser.
	!/(\.server|\+server)\.ts$/.test(file) &&
	!/(\.spec\.ts|\.d\.ts)$/.test(file) &&
	/\.(svelte|ts)$/.test(file);

describe('architecture', () => {
	it('keeps server code out of every browser file, types included', () => {
		const offenders = filesUnder('src')
			.filter(isBrowserFile)
			.filter((file) =>
				/from\s+['"](\$lib\/server|(\.\.\/)+(lib\/)?server)\//.test(readFileSync(file, 'utf8'))
			);
		expect(offenders).toEqual([]);
	});

	it('leaves every query to the services: routes and the real-time layer call services only', () => {
		const offenders = [...filesUnder('src/routes'), ...filesUnder('src/lib/server/realtime')]
			.filter((file) => !file.endsWith('.spec.ts'))
			.filter((file) =>
				/\b(selectFrom|insertInto|updateTable|deleteFrom)\b/.test(readFileSync(file, 'utf8'))
			);
		expect(offenders).toEqual([]);
	});
});
