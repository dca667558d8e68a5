import type { MoveOption } from './move-check';

/** A job's scan code as the database makes it: 64 lowercase hex characters (244 random bits). */
const SCAN_CODE = /^[0-9a-f]{64}$/;

/** The path of a job's scan page, the link its ticket's QR code carries. */
export const scanPath = (code: string): string => `/j/${code}`;

/**
 * The scan code in what a scanner or a person typed: the QR code's full link (`https://…/j/<code>`, whatever
 * the host, as a ticket printed before a move of the server still names the old one) or the bare code. Scanners
 * add stray spaces and some send upper case; anything else is no code (null), never a guess.
 */
export function scanCodeFrom(text: string): string | null {
	const trimmed = text.trim();
	const fromLink = trimmed.match(/\/j\/([^/?#\s]+)\/?(?:[?#].*)?$/i);
	const code = (fromLink ? fromLink[1] : trimmed).toLowerCase();
	return SCAN_CODE.test(code) ? code : null;
}

/** The stages a scan page offers: the ones ahead the mover may use as big buttons, the rest it may use in a list. */
export interface ScanChoices {
	next: MoveOption[];
	others: MoveOption[];
}

/**
 * What one tap may do from a scanned ticket: move the job on. The allowed stages after the current one are the
 * buttons (the nearest first), except a cancelling stage, which nobody should reach by a mistaken tap; the other
 * allowed stages (back, or cancelled) come as a quieter list. Stages the mover may not use are not offered.
 */
export function scanChoices(
	options: readonly MoveOption[],
	isCancelling: (stageId: number) => boolean
): ScanChoices {
	const currentIndex = options.findIndex((option) => option.current);
	const next: MoveOption[] = [];
	const others: MoveOption[] = [];
	options.forEach((option, index) => {
		if (option.current || !option.allowed) return;
		if (index > currentIndex && !isCancelling(option.stageId)) next.push(option);
		else others.push(option);
	});
	return { next, others };
}
