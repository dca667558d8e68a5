import { z } from 'zod';
import type { Actor } from '../domain/scope';
import { HEX_COLOR } from '../domain/workflow-edit';
import { moveInList } from '../domain/reorder';
import { inTransaction, type DbOrTx, type Tx } from './db';
import { AppError, notFound } from './errors';
import { assertAdmin } from './admin-access';
import { recordAudit } from './record-audit';
import { workflowChanged, type DomainEvent } from './events';

export const departmentInput = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the department a name.')
		.max(100, 'Use at most 100 characters.'),
	color: z.string().regex(HEX_COLOR, 'Choose a colour like #2563eb.').default('#64748b')
});
export type DepartmentInput = z.input<typeof departmentInput>;

export interface DepartmentView {
	id: number;
	name: string;
	color: string;
	position: number;
	/** The stages grouped under it, as "Workflow › Stage". */
	stages: string[];
}

/** Departments in board order, each with the stages that use it. */
export async function listDepartments(db: DbOrTx, actor: Actor): Promise<DepartmentView[]> {
	assertAdmin(actor, 'departments');
	const [departments, stages] = await Promise.all([
		db
			.selectFrom('departments')
			.select(['id', 'name', 'color', 'position'])
			.orderBy('position')
			.orderBy('name')
			.execute(),
		stagesUsing(db)
	]);
	return departments.map((d) => ({
		...d,
		stages: stages.filter((s) => s.departmentId === d.id).map((s) => s.label)
	}));
}

async function stagesUsing(db: DbOrTx, departmentId?: number) {
	let query = db
		.selectFrom('stages')
		.innerJoin('workflows', 'workflows.id', 'stages.workflow_id')
		.select([
			'stages.department_id as departmentId',
			'stages.workflow_id as workflowId',
			'workflows.name as workflowName',
			'stages.internal_name as stageName'
		])
		.where('stages.department_id', 'is not', null)
		.orderBy('workflows.name')
		.orderBy('stages.position');
	if (departmentId !== undefined) query = query.where('stages.department_id', '=', departmentId);
	const rows = await query.execute();
	return rows.map((row) => ({ ...row, label: `${row.workflowName} › ${row.stageName}` }));
}

async function assertNameFree(tx: Tx, name: string, exceptId: number | null): Promise<void> {
	const clash = await tx
		.selectFrom('departments')
		.select('id')
		.where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
		.executeTakeFirst();
	if (clash && clash.id !== exceptId)
		throw new AppError('conflict', `There is already a department called ${name}.`, {
			field: 'name'
		});
}

/** Adds a department at the end of the order (admins only; audited). */
export async function createDepartment(
	db: DbOrTx,
	actor: Actor,
	raw: DepartmentInput
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, 'departments');
	const input = departmentInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await lockAll(tx);
		await assertNameFree(tx, input.name, null);
		const { last } = await tx
			.selectFrom('departments')
			.select((eb) => eb.fn.max('position').as('last'))
			.executeTakeFirstOrThrow();
		const position = last === null ? 0 : Number(last) + 1;
		const { id } = await tx
			.insertInto('departments')
			.values({ ...input, position })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, actor, {
			action: 'department.create',
			entity: 'department',
			entityId: id,
			data: { ...input, position }
		});
		return { id, events: [] };
	});
}

/** Renames (or recolours) a department; boards that group stages under it reload (admins only; audited). */
export async function updateDepartment(
	db: DbOrTx,
	actor: Actor,
	departmentId: number,
	raw: DepartmentInput
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'departments');
	const input = departmentInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const before = await findDepartment(tx, departmentId);
		await assertNameFree(tx, input.name, departmentId);
		await tx.updateTable('departments').set(input).where('id', '=', departmentId).execute();
		await recordAudit(tx, actor, {
			action: 'department.update',
			entity: 'department',
			entityId: departmentId,
			data: { before, after: input }
		});
		return { events: await boardsUsing(tx, departmentId) };
	});
}

/** Moves a department one place up (-1) or down (+1) in the order (admins only; audited). */
export async function moveDepartment(
	db: DbOrTx,
	actor: Actor,
	departmentId: number,
	offset: -1 | 1
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'departments');
	return inTransaction(db, async (tx) => {
		const all = await lockAll(tx);
		const department = all.find((d) => d.id === departmentId);
		if (!department) throw notFound('Department');
		const order = moveInList(all, department, offset);
		for (const [position, department] of order.entries()) {
			if (department.position !== position)
				await tx
					.updateTable('departments')
					.set({ position })
					.where('id', '=', department.id)
					.execute();
		}
		await recordAudit(tx, actor, {
			action: 'department.reorder',
			entity: 'department',
			entityId: departmentId,
			data: { order: order.map((d) => d.name) }
		});
		return { events: await boardsUsing(tx, departmentId) };
	});
}

/** Deletes a department no stage uses; while stages use it, 409 naming them (admins only; audited). */
export async function deleteDepartment(
	db: DbOrTx,
	actor: Actor,
	departmentId: number
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'departments');
	return inTransaction(db, async (tx) => {
		const before = await findDepartment(tx, departmentId);
		const stages = await stagesUsing(tx, departmentId);
		if (stages.length) {
			const shown = stages
				.slice(0, 8)
				.map((s) => s.label)
				.join(', ');
			const more = stages.length > 8 ? ` and ${stages.length - 8} more` : '';
			throw new AppError(
				'conflict',
				`${before.name} cannot be deleted while stages use it: ${shown}${more}. Give those stages another department first.`,
				{ stages: stages.map((s) => s.label) }
			);
		}
		await tx.deleteFrom('departments').where('id', '=', departmentId).execute();
		await recordAudit(tx, actor, {
			action: 'department.delete',
			entity: 'department',
			entityId: departmentId,
			data: { before }
		});
		return { events: [] };
	});
}

async function findDepartment(tx: Tx, departmentId: number) {
	const found = await tx
		.selectFrom('departments')
		.select(['id', 'name', 'color', 'position'])
		.where('id', '=', departmentId)
		.forUpdate()
		.executeTakeFirst();
	if (!found) throw notFound('Department');
	return found;
}

/** Locks every department row: creating and reordering renumber positions, which must not interleave. */
function lockAll(tx: Tx) {
	return tx
		.selectFrom('departments')
		.select(['id', 'name', 'position'])
		.orderBy('position')
		.orderBy('name')
		.forUpdate()
		.execute();
}

async function boardsUsing(tx: Tx, departmentId: number): Promise<DomainEvent[]> {
	const rows = await tx
		.selectFrom('stages')
		.select('workflow_id')
		.distinct()
		.where('department_id', '=', departmentId)
		.execute();
	return rows.map((row) => workflowChanged(row.workflow_id));
}
