import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { signInUrl } from '$lib/server/http/guard';
import { stationPath } from '$lib/domain/station';
import { deviceTarget } from '$lib/server/stations/devices';
import { listStationGroups } from '$lib/server/stations/groups';
import { stationDepartments } from '$lib/server/stations/queue';

/** The stations, one per department and one per stage group; a browser set up as a station goes to its own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.station) redirect(303, stationPath(deviceTarget(locals.station.device)));
	if (!locals.user) redirect(303, signInUrl(url));
	const [departments, groups] = await Promise.all([
		stationDepartments(db()),
		listStationGroups(db())
	]);
	return {
		departments,
		groups: groups.map(({ id, name, color }) => ({ id, name, color }))
	};
};
