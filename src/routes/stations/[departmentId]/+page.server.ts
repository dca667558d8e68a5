import type { Actions, PageServerLoad } from './$types';
import { departmentStation, stationActions, stationLoad } from '../station-page.server';

/** A department's station (docs/stations.md): its queue, PIN pad and tools (`station-page.server.ts`). */
export const load: PageServerLoad = stationLoad(departmentStation);
export const actions: Actions = stationActions(departmentStation);
