import {
	OPERATIONS,
	OPERATION_LABELS,
	PRESET_STATE_KEYS,
	presetOperations,
	type Operation,
	type PresetStateKey
} from './operations';

/** The icons an order state may wear: a short list of `@lucide/svelte` names an admin can choose from. */
export const STATE_ICONS = [
	'circle',
	'circle-check',
	'hand',
	'clock',
	'file-text',
	'circle-pause',
	'ban',
	'triangle-alert',
	'hourglass',
	'lock',
	'flag',
	'star',
	'eye',
	'truck',
	'package',
	'wallet',
	'credit-card',
	'circle-dollar-sign',
	'shield-check',
	'badge-check',
	'user-check',
	'phone',
	'calendar-clock',
	'gift',
	'scale'
] as const;

export type StateIcon = (typeof STATE_ICONS)[number];

export function isPresetKey(key: string | null | undefined): key is PresetStateKey {
	return (PRESET_STATE_KEYS as readonly string[]).includes(key ?? '');
}

/**
 * Every operation with a yes or no. A missing entry is allowed, exactly as the operation chain reads it
 * (only an explicit `false` refuses), so the table an admin sees is the table that is enforced.
 */
export function completeOperations(
	operations: Partial<Record<Operation, boolean>>
): Record<Operation, boolean> {
	return Object.fromEntries(OPERATIONS.map((op) => [op, operations[op] !== false])) as Record<
		Operation,
		boolean
	>;
}

/** The defaults of a state: its preset's table, or everything allowed for a custom state (like Sale). */
export function defaultOperations(key: string | null): Record<Operation, boolean> {
	return isPresetKey(key) ? presetOperations(key) : completeOperations({});
}

/** The operations a state forbids, in the order of {@link OPERATIONS}. */
export function deniedOperations(operations: Partial<Record<Operation, boolean>>): Operation[] {
	return OPERATIONS.filter((op) => operations[op] === false);
}

/** What a state forbids, in plain words: "Allows everything" or "No shipping or completing". */
export function describeRestrictions(operations: Partial<Record<Operation, boolean>>): string {
	const denied = deniedOperations(operations).map((op) => OPERATION_LABELS[op]);
	if (denied.length === 0) return 'Allows everything';
	const list =
		denied.length === 1 ? denied[0] : `${denied.slice(0, -1).join(', ')} or ${denied.at(-1)}`;
	return `No ${list}`;
}
