import { groupStation, stationTickets } from '../../../station-page.server';

/** The group station's "print tickets for new orders" batch (`?since=&layout=`; docs/stations.md). */
export const GET = stationTickets(groupStation);
