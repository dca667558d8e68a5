import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A test's hold on archive packing, so a process can be killed while an archive is half-packed without guessing
 * at timing (tests/e2e/archive-kill.test.ts). With `FLOORBOARD_TEST_PACK_PAUSE` naming a folder, packing an
 * order's archive, once its first entry is in the ZIP, writes `<folder>/packing-<order>` and waits until
 * `<folder>/go` exists. Unset (as everywhere but that test), it returns at once.
 */
export async function packCheckpoint(orderId: number): Promise<void> {
	const folder = process.env.FLOORBOARD_TEST_PACK_PAUSE?.trim();
	if (!folder) return;
	await writeFile(path.join(folder, `packing-${orderId}`), String(process.pid));
	const go = path.join(folder, 'go');
	while (!existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 50));
}
