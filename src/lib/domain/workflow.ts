import type { StageMeaning } from './phase';
import type { MessageRef } from './message';

/** A stage as edited in the workflow editor, before it is saved. */
export interface StageDraft {
	internalName: string;
	externalName: string;
	meaning: StageMeaning;
	departmentId: number | null;
	wipLimit?: number | null;
}

/** One reason a workflow (or its timed rules) is not valid, with a message for people. */
export interface WorkflowProblem {
	code: string;
	message: string;
	/** The same message as a catalogue key, so each viewer reads it in their language (`message` stays English). */
	i18n?: MessageRef;
}

const ref = (key: string, params: MessageRef['params'] = {}): MessageRef => ({ key, params });

const REQUIRED_MEANINGS = [
	['received', 'Received'],
	['completed', 'Completed'],
	['cancelled', 'Cancelled']
] as const;

/**
 * Every problem that keeps the stages from forming a valid workflow; `[]` when valid.
 * Positions in messages are 1-based, as the editor shows them.
 */
export function validateWorkflow(stages: readonly StageDraft[]): WorkflowProblem[] {
	return [
		...(stages.length === 0
			? [
					{
						code: 'no_stages',
						message: 'The workflow has no stages',
						i18n: ref('problem_no_stages')
					}
				]
			: []),
		...missingMeanings(stages),
		...stages.flatMap(stageProblems),
		...duplicateNames(stages)
	];
}

function missingMeanings(stages: readonly StageDraft[]): WorkflowProblem[] {
	return REQUIRED_MEANINGS.filter(([m]) => !stages.some((s) => s.meaning === m)).map(
		([m, label]) => ({
			code: `missing_${m}`,
			message: `No stage means ${label}`,
			i18n: ref('problem_missing_meaning', { meaning: m })
		})
	);
}

function stageProblems(stage: StageDraft, index: number): WorkflowProblem[] {
	const problems: WorkflowProblem[] = [];
	const n = index + 1;
	if (stage.internalName.trim() === '') {
		problems.push({
			code: 'empty_internal_name',
			message: `Stage ${n} has no internal name`,
			i18n: ref('problem_empty_internal_name', { n })
		});
	}
	if (stage.externalName.trim() === '') {
		problems.push({
			code: 'empty_external_name',
			message: `Stage ${n} has no external name`,
			i18n: ref('problem_empty_external_name', { n })
		});
	}
	const wip = stage.wipLimit;
	if (wip !== null && wip !== undefined && !(Number.isInteger(wip) && wip >= 1)) {
		problems.push({
			code: 'invalid_wip_limit',
			message: `Stage ${n} has a WIP limit of ${wip}; it must be a whole number of at least 1`,
			i18n: ref('problem_invalid_wip_limit', { n, wip: String(wip) })
		});
	}
	return problems;
}

// Names are compared trimmed and case-insensitively: "Press" and "press " would confuse staff alike.
function duplicateNames(stages: readonly StageDraft[]): WorkflowProblem[] {
	const seen = new Map<string, number[]>();
	stages.forEach((s, i) => {
		const key = s.internalName.trim().toLowerCase();
		if (key !== '') seen.set(key, [...(seen.get(key) ?? []), i + 1]);
	});
	return [...seen.values()]
		.filter((positions) => positions.length > 1)
		.map((positions) => {
			const name = stages[positions[0]! - 1]!.internalName.trim();
			return {
				code: 'duplicate_internal_name',
				message: `Stages ${positions.join(', ')} share the internal name "${name}"`,
				i18n: ref('problem_duplicate_internal_name', { positions: positions.join(', '), name })
			};
		});
}

/** The stage with the lowest position that has the given meaning, if any. */
export function firstStageWithMeaning<
	S extends { id: number; position: number; meaning: StageMeaning }
>(stages: readonly S[], meaning: StageMeaning): S | undefined {
	return stages
		.filter((s) => s.meaning === meaning)
		.reduce<S | undefined>(
			(best, s) => (best === undefined || s.position < best.position ? s : best),
			undefined
		);
}
