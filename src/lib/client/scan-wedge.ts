/**
 * A keyboard-wedge scanner is a keyboard: it types the ticket's link and presses Enter wherever the focus is. A
 * station reads a scan without a tap first by taking the typed characters into its scan field while the focus is
 * on nothing that takes typing (the page, a button); typing into a field (a PIN, a form) is left alone.
 */

/** The parts of a key press that decide (a `KeyboardEvent`). */
export interface WedgeKey {
	key: string;
	ctrlKey: boolean;
	altKey: boolean;
	metaKey: boolean;
	isComposing?: boolean;
	defaultPrevented?: boolean;
}

/** The parts of the focused element that decide (`document.activeElement`). */
export interface WedgeFocus {
	tagName: string;
	isContentEditable?: boolean;
	type?: string;
}

/** Inputs that take no typing of their own: a key pressed on them may go to the scan field. */
const NOT_TYPED = new Set([
	'button',
	'submit',
	'reset',
	'checkbox',
	'radio',
	'range',
	'color',
	'file',
	'image'
]);

/** Whether the focused element takes typing itself (a text field, a list, an editable area). */
export function takesTyping(focus: WedgeFocus | null): boolean {
	if (!focus) return false;
	if (focus.isContentEditable) return true;
	const tag = focus.tagName.toUpperCase();
	if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
	return tag === 'INPUT' && !NOT_TYPED.has((focus.type ?? 'text').toLowerCase());
}

/**
 * The character a key press should add to the scan field, or null to leave the press alone: only a printable
 * character (not a space, which presses a focused button), without Ctrl/Alt/Meta (shortcuts), and only when the
 * focus is on nothing that takes typing.
 */
export function wedgeCharacter(event: WedgeKey, focus: WedgeFocus | null): string | null {
	if (event.defaultPrevented || event.isComposing) return null;
	if (event.ctrlKey || event.altKey || event.metaKey) return null;
	if ([...event.key].length !== 1 || event.key.trim() === '') return null;
	return takesTyping(focus) ? null : event.key;
}
