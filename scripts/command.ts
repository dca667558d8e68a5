import { BackupError } from '../src/lib/server/db/backup';

/** Runs a maintenance command: its result on stdout, a known refusal as one plain line, exit 1 on any failure. */
export async function runCommand(command: () => Promise<string>): Promise<void> {
	try {
		console.log(await command());
	} catch (error) {
		console.error(error instanceof BackupError ? error.message : error);
		process.exitCode = 1;
	}
}
