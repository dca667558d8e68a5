import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** A person's station PIN: argon2id, like passwords (migration 20261206_1600_stations). */
export interface StationPinsTable {
	user_id: number;
	pin_hash: string;
	updated_at: CreatedAt;
}

/** A tablet set up as a department's station, and the operator signed in on it now. */
export interface StationDevicesTable {
	id: Generated<number>;
	/** SHA-256 of the device cookie's token. */
	token_hash: string;
	/** The department whose station it is, or null for a stage group's station (exactly one of the two). */
	department_id: number | null;
	group_id: number | null;
	created_by: number | null;
	created_at: CreatedAt;
	operator_id: number | null;
	/** The operator's sign-in on this device (a random id): signing out ends the sockets it opened. */
	operator_session: string | null;
	/** The operator's last action; idle longer than the shop's setting and they are signed out. */
	operator_active_at: Timestamp | null;
}

/** An operator's work on a job in a stage, from Start to Done (`finished_at` null while under way). */
export interface StageWorkTable {
	id: Generated<number>;
	job_id: number;
	stage_id: number;
	user_id: number;
	started_at: Timestamp;
	finished_at: Timestamp | null;
}

/** A named station an admin defines over a chosen set of stages (migration 20261206_1800_station_groups). */
export interface StationGroupsTable {
	id: Generated<number>;
	name: string;
	color: Generated<string>;
	created_at: CreatedAt;
}

export interface StationGroupStagesTable {
	group_id: number;
	stage_id: number;
}

export interface StationTables {
	station_groups: StationGroupsTable;
	station_group_stages: StationGroupStagesTable;
	station_pins: StationPinsTable;
	station_devices: StationDevicesTable;
	stage_work: StageWorkTable;
}
