import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import { HEX_COLOR } from '../../domain/workflow-edit';
import { assertAdmin } from '../admin-access';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../record-audit';
import { dbId } from '../validation';

/**
 * Stations per stage group (docs/stations.md): an admin names a station and picks the stages it covers, from any
 * workflows and departments; `/stations/group/<id>` is then a station like a department's, over those stages.
 */
export const stationGroupInput = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the station a name.')
		.max(100, 'Use at most 100 characters.'),
	color: z.string().regex(HEX_COLOR, 'Choose a colour like #2563eb.').default('#64748b'),
	stageIds: z
		.array(z.coerce.number().pipe(dbId()))
		.min(1, 'Choose at least one stage.')
		.max(200)
		.transform((ids) => [...new Set(ids)].sort((a, b) => a - b))
});
export type StationGroupInput = z.input<typeof stationGroupInput>;

export interface StationGroup {
	id: number;
	name: string;
	color: string;
	stageIds: number[];
}

/** A stage an admin may put in a group, labelled "Workflow › Stage". */
export interface GroupableStage {
	id: number;
	workflowName: string;
	name: string;
}

/** The stage groups' stations, by name (anyone signed in lists the stations; a station names itself). */
export async function listStationGroups(db: DbOrTx): Promise<StationGroup[]> {
	const [groups, members] = await Promise.all([
		db.selectFrom('station_groups').select(['id', 'name', 'color']).orderBy('name').execute(),
		db
			.selectFrom('station_group_stages')
			.select(['group_id', 'stage_id'])
			.orderBy('stage_id')
			.execute()
	]);
	return groups.map((group) => ({
		...group,
		stageIds: members.filter((m) => m.group_id === group.id).map((m) => m.stage_id)
	}));
}

/** One group's station and its stages; 404 for an unknown id. */
export async function stationGroup(db: DbOrTx, groupId: number): Promise<StationGroup> {
	const group = await db
		.selectFrom('station_groups')
		.select(['id', 'name', 'color'])
		.where('id', '=', groupId)
		.executeTakeFirst();
	if (!group) throw notFound('Station');
	const stages = await db
		.selectFrom('station_group_stages')
		.select('stage_id')
		.where('group_id', '=', groupId)
		.orderBy('stage_id')
		.execute();
	return { ...group, stageIds: stages.map((s) => s.stage_id) };
}

/** What the admin page needs: the groups and every stage they may hold (admins only). */
export async function stationGroupsForAdmin(
	db: DbOrTx,
	actor: Actor
): Promise<{ groups: StationGroup[]; stages: GroupableStage[] }> {
	assertAdmin(actor, 'stations');
	const [groups, stages] = await Promise.all([
		listStationGroups(db),
		db
			.selectFrom('stages')
			.innerJoin('workflows', 'workflows.id', 'stages.workflow_id')
			.select(['stages.id', 'workflows.name as workflowName', 'stages.internal_name as name'])
			.orderBy('workflows.name')
			.orderBy('stages.position')
			.execute()
	]);
	return { groups, stages };
}

/** Adds a stage group's station (admins only; audited). */
export async function createStationGroup(
	db: DbOrTx,
	actor: Actor,
	raw: StationGroupInput
): Promise<{ id: number }> {
	assertAdmin(actor, 'stations');
	const input = stationGroupInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await checkGroup(tx, input, null);
		const { id } = await tx
			.insertInto('station_groups')
			.values({ name: input.name, color: input.color })
			.returning('id')
			.executeTakeFirstOrThrow();
		await setStages(tx, id, input.stageIds);
		await recordAudit(tx, actor, {
			action: 'station_group.create',
			entity: 'station_group',
			entityId: id,
			data: input
		});
		return { id };
	});
}

/** Renames a group's station or changes its stages (admins only; audited). The tablets set up as it stay. */
export async function updateStationGroup(
	db: DbOrTx,
	actor: Actor,
	groupId: number,
	raw: StationGroupInput
): Promise<{ id: number }> {
	assertAdmin(actor, 'stations');
	const input = stationGroupInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const before = await stationGroup(tx, groupId);
		await checkGroup(tx, input, groupId);
		await tx
			.updateTable('station_groups')
			.set({ name: input.name, color: input.color })
			.where('id', '=', groupId)
			.execute();
		await setStages(tx, groupId, input.stageIds);
		await recordAudit(tx, actor, {
			action: 'station_group.update',
			entity: 'station_group',
			entityId: groupId,
			data: { before, after: input }
		});
		return { id: groupId };
	});
}

/** Deletes a group's station; the tablets set up as it stop being stations (admins only; audited). */
export async function deleteStationGroup(
	db: DbOrTx,
	actor: Actor,
	groupId: number
): Promise<{ id: number }> {
	assertAdmin(actor, 'stations');
	return inTransaction(db, async (tx) => {
		const before = await stationGroup(tx, groupId);
		await tx.deleteFrom('station_groups').where('id', '=', groupId).execute();
		await recordAudit(tx, actor, {
			action: 'station_group.delete',
			entity: 'station_group',
			entityId: groupId,
			data: { before }
		});
		return { id: groupId };
	});
}

/** The name is free (case aside) and every stage exists. */
async function checkGroup(
	tx: Tx,
	input: z.output<typeof stationGroupInput>,
	exceptId: number | null
): Promise<void> {
	const clash = await tx
		.selectFrom('station_groups')
		.select('id')
		.where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
		.executeTakeFirst();
	if (clash && clash.id !== exceptId)
		throw new AppError('conflict', `There is already a station called ${input.name}.`, {
			field: 'name',
			i18n: { key: 'station_group_name_taken', params: { name: input.name } }
		});
	const found = await tx
		.selectFrom('stages')
		.select('id')
		.where('id', 'in', input.stageIds)
		.execute();
	if (found.length !== input.stageIds.length)
		throw new AppError('invalid_input', 'Some of the chosen stages no longer exist.', {
			field: 'stageIds',
			i18n: { key: 'station_group_stage_gone', params: {} }
		});
}

async function setStages(tx: Tx, groupId: number, stageIds: number[]): Promise<void> {
	await tx.deleteFrom('station_group_stages').where('group_id', '=', groupId).execute();
	await tx
		.insertInto('station_group_stages')
		.values(stageIds.map((stageId) => ({ group_id: groupId, stage_id: stageId })))
		.execute();
}
