import type { Reporter, TestProject } from 'vitest/node';

/**
 * Says, at the start and again under the summary, that the PostgreSQL projects did not run: without
 * TEST_DATABASE_URL only the embedded database is tested, and the concurrency tests meant for PostgreSQL
 * (`tests/integration/move-races.test.ts`, …) ran on PGlite, where transactions queue up instead of racing.
 */
export class PostgresSkipNotice implements Reporter {
	private projects: readonly TestProject[] = [];

	constructor(private readonly postgresUrl: string | undefined) {}

	onInit(vitest: { projects: readonly TestProject[] }): void {
		this.projects = vitest.projects;
		this.print();
	}

	onTestRunEnd(): void {
		this.print();
	}

	private print(): void {
		const runsIntegration = this.projects.some((project) => project.name === 'db:pglite');
		if (this.postgresUrl || !runsIntegration) return;
		console.log(
			'\n\x1b[33m⚠  PostgreSQL projects skipped: TEST_DATABASE_URL is not set, so db:postgres did not run (the integration\n' +
				'   and concurrency tests ran on the embedded PGlite only). Set TEST_DATABASE_URL=postgres://…/test to run them.\x1b[0m\n'
		);
	}
}
