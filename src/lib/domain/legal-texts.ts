/** The kinds of legal text a shop keeps versions of; commissioning records the version of each kind in force. */
export const LEGAL_TEXT_KINDS = ['terms', 'cancellation_policy', 'privacy_policy'] as const;

export type LegalTextKind = (typeof LEGAL_TEXT_KINDS)[number];

export const LEGAL_TEXT_KIND_LABELS: Record<LegalTextKind, string> = {
	terms: 'Terms and conditions',
	cancellation_policy: 'Cancellation policy',
	privacy_policy: 'Privacy policy'
};

/** A readable name for a kind, also for kinds stored by older data that are not in the list. */
export function legalTextKindLabel(kind: string): string {
	return (LEGAL_TEXT_KIND_LABELS as Record<string, string>)[kind] ?? kind.replaceAll('_', ' ');
}

interface Version {
	id: number;
	kind: string;
	effectiveAt: Date;
}

/**
 * The version of each kind in force at `now`: the latest that has taken effect (the newer row wins a tie).
 * Versions that take effect later are scheduled, not current.
 */
export function currentLegalVersions<T extends Version>(versions: readonly T[], now: Date): T[] {
	const current = new Map<string, T>();
	for (const version of versions) {
		if (version.effectiveAt.getTime() > now.getTime()) continue;
		const best = current.get(version.kind);
		const newer =
			!best ||
			version.effectiveAt.getTime() > best.effectiveAt.getTime() ||
			(version.effectiveAt.getTime() === best.effectiveAt.getTime() && version.id > best.id);
		if (newer) current.set(version.kind, version);
	}
	return [...current.values()];
}
