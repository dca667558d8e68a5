import type { Actions, PageServerLoad } from './$types';
import { groupStation, stationActions, stationLoad } from '../../station-page.server';

/** A stage group's station (docs/stations.md): the same page as a department's, over the group's stages. */
export const load: PageServerLoad = stationLoad(groupStation);
export const actions: Actions = stationActions(groupStation);
