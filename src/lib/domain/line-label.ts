/**
 * An order line's facts joined into one label ("Business cards · Proof · Received"), each word once. A line
 * without a stage (a draft's) used to be labelled with its phase in the stage's place and then its phase again —
 * "Draft · Draft" — and a stage named like its phase ("Shipped", meaning shipped) read "Shipped · Shipped": a
 * part that says what an earlier one said (letter case and spacing aside) is left out, as are empty parts.
 */
export function lineLabel(parts: readonly (string | null | undefined)[]): string {
	const seen = new Set<string>();
	const kept: string[] = [];
	for (const part of parts) {
		const text = part?.trim();
		if (!text) continue;
		const key = text.toLocaleLowerCase().replace(/\s+/g, ' ');
		if (seen.has(key)) continue;
		seen.add(key);
		kept.push(text);
	}
	return kept.join(' · ');
}
