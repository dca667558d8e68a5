/** Cards (`.slot` children) wholly inside the container, by layout offsets (a running flip animation's transforms do not count). */
export function cardsThatFit(container: HTMLElement): number {
	const bottom = container.offsetTop + container.clientHeight;
	let count = 0;
	for (const slot of container.querySelectorAll<HTMLElement>(':scope > .slot')) {
		if (slot.offsetTop + slot.offsetHeight > bottom) break;
		count++;
	}
	return count;
}
