import { departmentStation, stationTickets } from '../../station-page.server';

/** The station's "print tickets for new orders" batch (`?since=&layout=`; docs/stations.md). */
export const GET = stationTickets(departmentStation);
