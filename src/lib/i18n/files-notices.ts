import { m } from '../paraglide/messages.js';
import type { MessageRef } from '../domain/message';

/*
 * The staff notices of files and proofs (issue 21) as catalogue messages, read in the viewer's language by the bell
 * and in the recipient's by the e-mail. Relative imports: the outbox worker uses this module outside Vite too.
 */

type Locale = 'en' | 'cs' | 'ru';

export const printFilesReadyNotice = (number: number): MessageRef => ({
	key: 'files_notice_ready',
	params: { number }
});

export const proofDecisionNotice = (
	decision: 'approved' | 'changes',
	params: { number: number; title: string; version: number; customer: string }
): MessageRef => ({
	key: decision === 'approved' ? 'files_notice_proof_approved' : 'files_notice_proof_changes',
	params
});

/** The text of one of these notices, or null when `ref` is none of them. */
export function filesNoticeText(ref: MessageRef, locale?: Locale): string | null {
	const options = locale ? { locale } : undefined;
	const p = ref.params;
	switch (ref.key) {
		case 'files_notice_ready':
			return m.files_notice_ready({ number: p.number }, options);
		case 'files_notice_proof_approved':
		case 'files_notice_proof_changes': {
			const params = {
				number: p.number,
				title: String(p.title),
				version: p.version,
				customer: String(p.customer)
			};
			return ref.key === 'files_notice_proof_approved'
				? m.files_notice_proof_approved(params, options)
				: m.files_notice_proof_changes(params, options);
		}
		default:
			return null;
	}
}
