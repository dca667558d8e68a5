import type { WorkflowProblem } from './workflow';

/** Colours offered as one-click swatches beside the colour picker (any #rrggbb may be chosen). */
export const STAGE_COLOR_PRESETS = [
	'#64748b',
	'#8b5cf6',
	'#2563eb',
	'#0891b2',
	'#16a34a',
	'#d97706',
	'#dc2626',
	'#db2777'
] as const;

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Lucide icon names a stage may use (the editor's picker offers these; the service accepts only these). */
export const STAGE_ICON_NAMES = [
	'circle',
	'inbox',
	'credit-card',
	'wallet',
	'file-search',
	'file-check',
	'file-text',
	'pen-tool',
	'palette',
	'image',
	'send',
	'mail',
	'phone',
	'printer',
	'layers',
	'scissors',
	'ruler',
	'hammer',
	'wrench',
	'paint-bucket',
	'spray-can',
	'package',
	'package-check',
	'package-open',
	'box',
	'boxes',
	'warehouse',
	'truck',
	'map-pin',
	'store',
	'hand',
	'check',
	'circle-check',
	'badge-check',
	'thumbs-up',
	'clock',
	'hourglass',
	'timer',
	'pause',
	'calendar',
	'triangle-alert',
	'circle-alert',
	'ban',
	'x',
	'undo-2',
	'rotate-ccw',
	'archive',
	'book-open',
	'shirt',
	'sticker',
	'stamp',
	'flame',
	'droplet',
	'sparkles',
	'microscope',
	'eye',
	'user',
	'users',
	'star',
	'flag',
	'gift'
] as const;
export type StageIconName = (typeof STAGE_ICON_NAMES)[number];

/**
 * The name of a copy: "Books (copy)", or "Books (copy 2)" and so on when that is taken, so two copies of one
 * workflow never share a name in the list.
 */
export function copyName(name: string, taken: readonly string[]): string {
	const names = new Set(taken.map((n) => n.trim().toLowerCase()));
	const base = name.trim();
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? `${base} (copy)` : `${base} (copy ${n})`;
		if (!names.has(candidate.toLowerCase())) return candidate;
	}
}

/** A saved stage the edit leaves out: how many jobs sit in it and where the admin chose to move them. */
export interface StageRemoval {
	stageId: number;
	internalName: string;
	jobCount: number;
	/** Key of a stage that stays (an existing stage's id as text, or a new stage's key); null: not chosen yet. */
	moveJobsTo: string | null;
}

/**
 * What keeps the removals from being carried out: a stage that holds jobs needs a destination among the stages
 * that stay. A removed stage without jobs needs nothing.
 */
export function removalProblems(
	removals: readonly StageRemoval[],
	remainingKeys: ReadonlySet<string>
): WorkflowProblem[] {
	return removals.flatMap((removal): WorkflowProblem[] => {
		if (removal.jobCount === 0) return [];
		const jobs = removal.jobCount === 1 ? '1 job' : `${removal.jobCount} jobs`;
		if (removal.moveJobsTo === null) {
			return [
				{
					code: 'removal_without_target',
					message: `${removal.internalName} holds ${jobs}: choose the stage they move to`,
					i18n: {
						key: 'problem_removal_without_target',
						params: { stage: removal.internalName, count: removal.jobCount }
					}
				}
			];
		}
		if (!remainingKeys.has(removal.moveJobsTo)) {
			return [
				{
					code: 'removal_target_gone',
					message: `${removal.internalName} holds ${jobs}: they must move to a stage of this workflow that stays`,
					i18n: {
						key: 'problem_removal_target_gone',
						params: { stage: removal.internalName, count: removal.jobCount }
					}
				}
			];
		}
		return [];
	});
}
