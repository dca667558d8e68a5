import { describe, expect, it } from 'vitest';
import { fillTemplate, renderMessage, SAMPLE_PAYLOADS, EMAIL_TOPICS } from './render';

/** The editor's sample, with a token that shows how the tracking link is encoded. */
const confirmation = { ...SAMPLE_PAYLOADS.order_commissioned, trackingToken: 'abc_DEF-123' };

describe('renderMessage', () => {
	it('renders the default confirmation with the tracking link and the legal text versions', () => {
		const message = renderMessage('order_commissioned', 'en', confirmation, {
			publicUrl: 'https://board.example.com/',
			shopName: 'Ink & Co'
		});
		expect(message.subject).toBe('Order 1042 confirmed');
		expect(message.text).toContain('Hello Cleo Customer,');
		expect(message.text).toContain('https://board.example.com/track/abc_DEF-123');
		expect(message.text).toContain('- Terms and conditions, version 2026-01');
		expect(message.text).toContain('- Cancellation policy, version 3');
		expect(message.text).toContain('Ink & Co');
		expect(message.source).toEqual({ kind: 'default' });
		expect(message.missing).toEqual([]);
	});

	it('builds the tracking link on http://localhost:3000 without a public URL', () => {
		expect(renderMessage('order_completed', 'en', confirmation).text).toContain(
			'http://localhost:3000/track/abc_DEF-123'
		);
	});

	it('names the phase and the stage in human words', () => {
		const phase = renderMessage('order_phase_changed', 'en', {
			...confirmation,
			fromPhase: 'received',
			toPhase: 'in_production'
		});
		expect(phase.subject).toBe('Order 1042: In production');
		const stage = renderMessage('stage_reached', 'en', {
			...confirmation,
			stageName: 'Ready for pickup'
		});
		expect(stage.text).toContain('has reached: Ready for pickup.');
	});

	it('prefers the override in the language, then the English override, then the default', () => {
		const templates = [
			{
				topic: 'order_completed',
				language: 'de',
				subject: 'Auftrag {{orderNumber}} ist fertig',
				body: 'Hallo {{ customerName }}'
			},
			{
				topic: 'order_completed',
				language: 'en',
				subject: 'Done: {{orderNumber}}',
				body: 'Hi {{customerName}}'
			}
		];
		expect(renderMessage('order_completed', 'de', confirmation, { templates })).toMatchObject({
			subject: 'Auftrag 1042 ist fertig',
			text: 'Hallo Cleo Customer',
			source: { kind: 'override', language: 'de' }
		});
		expect(renderMessage('order_completed', 'fr', confirmation, { templates })).toMatchObject({
			subject: 'Done: 1042',
			source: { kind: 'override', language: 'en' }
		});
		expect(renderMessage('order_commissioned', 'de', confirmation, { templates }).source).toEqual({
			kind: 'default'
		});
	});

	it('renders unknown placeholders empty and reports them; keeps the subject on one line', () => {
		const templates = [
			{
				topic: 'order_completed',
				language: 'en',
				subject: 'Order {{orderNumber}}\nBcc: x@evil.test {{nope}}',
				body: '{{ stageName }}!'
			}
		];
		const message = renderMessage('order_completed', 'en', confirmation, { templates });
		expect(message.subject).toBe('Order 1042 Bcc: x@evil.test');
		expect(message.text).toBe('!');
		expect(message.missing.sort()).toEqual(['nope', 'stageName']);
	});

	it('does not re-expand placeholders inside values', () => {
		expect(fillTemplate('{{a}}', { a: '{{b}}', b: 'x' }).text).toBe('{{b}}');
	});

	it('renders every sample payload with no missing placeholder', () => {
		for (const topic of EMAIL_TOPICS)
			expect(renderMessage(topic, 'en', SAMPLE_PAYLOADS[topic]).missing).toEqual([]);
	});
});
