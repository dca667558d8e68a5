import { describe, expect, it } from 'vitest';
import { checkOperation, presetOperations, OPERATIONS } from '$lib/domain/operations';
import { checkMove } from '$lib/domain/move-check';
import { m } from '$lib/paraglide/messages';
import { setLocale } from '$lib/paraglide/runtime';
import { MESSAGE_TOPICS } from '$lib/domain/topics';
import { errorText, historyLabel, refusalLines, topicLabel, translate } from './text';
import { reasons } from '$lib/domain/reasons';

const onHold = { number: 1042, stateName: 'On Hold', stateOperations: presetOperations('on_hold') };

describe('refusals in the viewer’s language', () => {
	it('reads in English exactly as the API’s message', () => {
		for (const operation of OPERATIONS) {
			const byState = checkOperation({
				role: 'admin',
				operation,
				settings: {},
				order: { ...onHold, stateOperations: { [operation]: false } }
			});
			const bySetting = checkOperation({
				role: 'admin',
				operation,
				settings: { disabledOperations: [operation] },
				order: onHold
			});
			for (const check of [byState, bySetting]) {
				if (check.ok) throw new Error('expected a refusal');
				expect(translate(check.i18n)).toBe(check.message);
			}
		}
		const move = checkMove({
			actor: { role: 'staff', id: 1, allowedStageIds: new Set([1]) },
			disabledOperations: [],
			job: { workflowId: 1, phase: 'received', contractorId: null, orderNumber: 7 },
			state: { name: 'Sale', operations: presetOperations('sale') },
			target: { id: 2, workflowId: 1, meaning: 'none' }
		});
		if (move.ok) throw new Error('expected a refusal');
		expect(translate(move.i18n)).toBe(move.message);
	});

	it('translates the operation and the role inside the message, and keeps shop data as it is', () => {
		const check = checkOperation({
			role: 'staff',
			operation: 'cancel',
			settings: {},
			order: onHold
		});
		if (check.ok) throw new Error('expected a refusal');
		expect(translate(check.i18n)).toBe('Your role (Shop floor) does not allow cancelling');
		const byState = checkOperation({
			role: 'admin',
			operation: 'ship',
			settings: {},
			order: onHold
		});
		if (byState.ok) throw new Error('expected a refusal');
		expect(
			m.refusal_order_state(
				{ order: '1042', state: 'On Hold', operation: m.operation_ship({}, { locale: 'cs' }) },
				{ locale: 'cs' }
			)
		).toBe('Objednávka 1042 je ve stavu On Hold: nelze odesílat');
	});

	it('uses real plural forms: 1 / 2–4 / 5+', () => {
		expect([1, 3, 5].map((count) => m.board_active_jobs({ count }, { locale: 'cs' }))).toEqual([
			'1 aktivní zakázka',
			'3 aktivní zakázky',
			'5 aktivních zakázek'
		]);
		expect([1, 3, 5, 21].map((count) => m.board_active_jobs({ count }, { locale: 'ru' }))).toEqual([
			'1 активное задание',
			'3 активных задания',
			'5 активных заданий',
			'21 активное задание'
		]);
		expect([1, 2].map((count) => m.board_active_jobs({ count }))).toEqual([
			'1 active job',
			'2 active jobs'
		]);
	});

	it('falls back to the server’s English text for an error it has no message for', () => {
		expect(errorText({ code: 'conflict', message: 'Something else happened.' })).toBe(
			'Something else happened.'
		);
		expect(
			errorText({
				code: 'version_conflict',
				message: 'x',
				details: { i18n: { key: 'refusal_version_conflict', params: {} } }
			})
		).toBe(m.refusal_version_conflict());
		expect(
			errorText({
				code: 'forbidden',
				message: 'Old text',
				details: { i18n: { key: 'no_such_key', params: {} } }
			})
		).toBe('Old text');
	});

	it('names every topic a message can have, in each language (the message log never shows a raw key)', () => {
		for (const locale of ['en', 'cs', 'ru'] as const) {
			setLocale(locale, { reload: false });
			for (const topic of MESSAGE_TOPICS)
				expect(topicLabel(topic), `${topic} in ${locale}`).not.toMatch(/_/);
		}
		setLocale('en', { reload: false });
		expect(topicLabel('timed_rule_warning')).toBe('Timed rule warning');
	});
});

describe('system history reasons in the viewer’s language', () => {
	it('reads each in Czech and Russian, with the order source and names filled in', () => {
		const inCzech = (ref: Parameters<typeof translate>[0]) => {
			setLocale('cs', { reload: false });
			try {
				return translate(ref);
			} finally {
				setLocale('en', { reload: false });
			}
		};
		expect(inCzech(reasons.orderFrom('phone').i18n)).toBe('Objednávka přijata: Telefon');
		expect(inCzech(reasons.stageRemoved('Proof').i18n)).toBe('Fáze Proof byla odstraněna');
		expect(translate(reasons.timedRule('Shipped → Delivered').i18n)).toBe(
			'Timed rule: Shipped → Delivered'
		);
		// The stored English text stays what the REST API's history always said.
		expect(reasons.orderFrom('phone').text).toBe('Order from phone');
	});
});

describe('refusalLines', () => {
	it('lists every reason a refusal gives, in the page’s language, else the error’s own text', () => {
		setLocale('cs', { reload: false });
		try {
			const error = {
				code: 'operation_not_allowed',
				message: 'Order 1042 is On Hold: moving jobs is not allowed',
				reasons: [
					{
						code: 'operation_not_allowed',
						message: 'Order 1042 is On Hold: moving jobs is not allowed',
						i18n: {
							key: 'refusal_order_state',
							params: { order: 1042, state: 'On Hold', operation: 'move' }
						}
					},
					{
						code: 'forbidden',
						message: 'You may not move jobs into this stage',
						i18n: { key: 'refusal_stage_not_allowed', params: {} }
					}
				]
			};
			const lines = refusalLines(error);
			expect(lines).toHaveLength(2);
			expect(lines[1]).toBe(m.refusal_stage_not_allowed());
			expect(lines[1]).not.toBe('You may not move jobs into this stage');
			expect(
				refusalLines({ code: 'version_conflict', message: 'Someone changed this job' })
			).toEqual(['Someone changed this job']);
		} finally {
			setLocale('en', { reload: false });
		}
	});
});

describe('history kinds of files and proofs', () => {
	it('are named in every language, never shown as their codes', () => {
		const kinds = [
			'file_added',
			'file_removed',
			'proof_attached',
			'proof_approved',
			'proof_changes_requested'
		] as const satisfies readonly import('$lib/server/files/history-kinds').FileEventKind[];
		for (const locale of ['en', 'cs', 'ru'] as const) {
			setLocale(locale, { reload: false });
			for (const kind of kinds) expect(historyLabel(kind), `${kind} in ${locale}`).not.toBe(kind);
		}
		setLocale('en', { reload: false });
		expect(historyLabel('proof_approved')).toBe('Proof approved by the customer');
	});
});
