/** What a shop-floor station page receives (`/stations/<departmentId>`, docs/stations.md). Browser-safe: types only. */
import type { BoardSnapshot } from './views';

/** Someone's Start on a job in its current stage, not yet Done. */
export interface StationWork {
	jobId: number;
	userId: number;
	name: string;
	startedAt: string;
}

export interface StationView {
	/** A department's station (`/stations/<id>`) or a stage group's (`/stations/group/<id>`). */
	kind: 'department' | 'group';
	/** The station's department, or for a group's station the group (its id, name and colour). */
	department: { id: number; name: string; color: string };
	/** Every workflow with a stage in the department, as the viewer may see it (its jobs: the station's only). */
	boards: BoardSnapshot[];
	/** The station's stages across those workflows: the queue holds the unfinished jobs in them. */
	stationStageIds: number[];
	/** The orders' notes by order id (staff only; empty notes left out). */
	notes: Record<number, string>;
	work: StationWork[];
	/** The stages the viewer's limits allow (null: no limits): Done offers only these. */
	allowedStageIds: number[] | null;
}
