import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { signInUrl } from '$lib/server/http/guard';
import { stationDepartments } from '$lib/server/stations/queue';

/** The stations, one per department; a browser set up as a station goes straight to its own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.station) redirect(303, `/stations/${locals.station.device.departmentId}`);
	if (!locals.user) redirect(303, signInUrl(url));
	return { departments: await stationDepartments(db()) };
};
