import { describe, expect, it } from 'vitest';
import { lineLabel } from './line-label';

describe('lineLabel', () => {
	it('says a draft line is a draft once', () => {
		expect(lineLabel(['Business cards', null, 'Draft'])).toBe('Business cards · Draft');
		expect(lineLabel(['Business cards', 'Draft', 'Draft'])).toBe('Business cards · Draft');
	});

	it('keeps a stage and a phase that differ, in order', () => {
		expect(lineLabel(['Flyers', 'Proof', 'Received'])).toBe('Flyers · Proof · Received');
	});

	it('drops a repeat whatever its case and spacing, and empty parts', () => {
		expect(lineLabel(['Posters', 'Shipped ', 'shipped', '', undefined])).toBe('Posters · Shipped');
		expect(lineLabel(['Odesláno', 'ODESLÁNO'])).toBe('Odesláno');
		expect(lineLabel(['In  production', 'in production'])).toBe('In  production');
		expect(lineLabel([])).toBe('');
	});
});
