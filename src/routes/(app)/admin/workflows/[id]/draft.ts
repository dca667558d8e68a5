import { m } from '$lib/paraglide/messages';
import type { StageMeaning } from '$lib/domain/phase';
import type { EditorStage } from '$lib/contract/views';
import { STAGE_COLOR_PRESETS, type StageRemoval } from '$lib/domain/workflow-edit';

/**
 * A stage as the editor holds it before saving. `id` is the editor's key for it (svelte-dnd-action needs an `id`
 * on every item): the saved stage's id as text, or `new-…` for a stage not saved yet; `stageId` is the saved id.
 */
export type DraftStage = Omit<EditorStage, 'id'> & { id: string; stageId: number | null };

/** A saved stage the admin removed in the editor; it goes when the workflow is saved. */
export type DraftRemoval = StageRemoval & { rules: string[]; position: number; stage: DraftStage };

export function draftFromSaved(stage: EditorStage): DraftStage {
	// A copy of the translations: the editor binds inputs to them.
	return {
		...stage,
		externalNames: { ...stage.externalNames },
		id: String(stage.id),
		stageId: stage.id
	};
}

let counter = 0;

/** A blank stage; it takes the department of the stage before it and the next preset colour. */
export function newStage(after: DraftStage | undefined, index: number): DraftStage {
	return {
		id: `new-${Date.now().toString(36)}-${counter++}`,
		stageId: null,
		internalName: '',
		externalName: '',
		externalNames: {},
		meaning: 'none',
		departmentId: after?.departmentId ?? null,
		description: '',
		color: STAGE_COLOR_PRESETS[index % STAGE_COLOR_PRESETS.length]!,
		icon: 'circle',
		wipLimit: null,
		wipEnforced: false,
		notifyCustomer: false,
		proofApproved: false,
		proofChanges: false,
		jobCount: 0,
		rules: []
	};
}

/** The body the save action expects (the service's `workflowInput`). */
export function savePayload(
	header: { name: string; description: string; version: string },
	stages: readonly DraftStage[],
	removals: readonly DraftRemoval[]
) {
	return {
		...header,
		stages: stages.map((s) => ({
			id: s.stageId,
			key: s.id,
			internalName: s.internalName,
			externalName: s.externalName,
			externalNames: s.externalNames,
			meaning: s.meaning,
			departmentId: s.departmentId,
			description: s.description,
			color: s.color,
			icon: s.icon,
			wipLimit: wipLimitOf(s),
			wipEnforced: wipLimitOf(s) !== null && s.wipEnforced,
			notifyCustomer: s.notifyCustomer,
			proofApproved: s.proofApproved ?? false,
			proofChanges: s.proofChanges ?? false
		})),
		removals: removals.map((r) => ({ stageId: r.stageId, moveJobsTo: r.moveJobsTo }))
	};
}

/** Labels are catalogue messages, read when the select renders (in the viewer's language). */
export const MEANING_OPTIONS: { value: StageMeaning; label: () => string }[] = [
	{ value: 'none', label: m.wf_meaning_none },
	{ value: 'received', label: m.wf_meaning_received },
	{ value: 'in_production', label: m.phase_in_production },
	{ value: 'shipped', label: m.phase_shipped },
	{ value: 'completed', label: m.phase_completed },
	{ value: 'cancelled', label: m.phase_cancelled }
];

/** An emptied number field binds as null or undefined: both mean "no limit". */
export function wipLimitOf(stage: Pick<DraftStage, 'wipLimit'>): number | null {
	return typeof stage.wipLimit === 'number' && !Number.isNaN(stage.wipLimit)
		? stage.wipLimit
		: null;
}
