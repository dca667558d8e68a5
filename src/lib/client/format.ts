const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** How long a card has sat in its stage, short: "35m", "5h", "3d", "2w". */
export function timeInStage(enteredStageAt: string, now: Date): string {
	const ms = Math.max(0, now.getTime() - new Date(enteredStageAt).getTime());
	if (ms < HOUR) return `${Math.max(1, Math.floor(ms / 60000))}m`;
	if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
	if (ms < 14 * DAY) return `${Math.floor(ms / DAY)}d`;
	return `${Math.floor(ms / (7 * DAY))}w`;
}

/** 0 (fresh) to 4 (sat for two weeks or more): the card grows warmer the longer it sits. */
export function ageLevel(enteredStageAt: string, now: Date): 0 | 1 | 2 | 3 | 4 {
	const days = (now.getTime() - new Date(enteredStageAt).getTime()) / DAY;
	if (days < 1) return 0;
	if (days < 3) return 1;
	if (days < 7) return 2;
	if (days < 14) return 3;
	return 4;
}

export function shortDate(iso: string, locale?: string): string {
	return new Date(iso).toLocaleDateString(locale, { day: 'numeric', month: 'short' });
}

export function dateTime(iso: string, locale?: string): string {
	return new Date(iso).toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
