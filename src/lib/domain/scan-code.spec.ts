import { describe, expect, it } from 'vitest';
import { scanChoices, scanCodeFrom, scanPath } from './scan-code';
import type { MoveOption } from './move-check';

const code = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

describe('scanCodeFrom', () => {
	it('reads the bare code and the full link of any host, as scanners type them', () => {
		expect(scanCodeFrom(code)).toBe(code);
		expect(scanCodeFrom(`  ${code}\n`)).toBe(code);
		expect(scanCodeFrom(`https://board.example.com${scanPath(code)}`)).toBe(code);
		expect(scanCodeFrom(`http://localhost:3000/j/${code}/?from=qr`)).toBe(code);
		expect(scanCodeFrom(`HTTPS://BOARD.EXAMPLE.COM/J/${code.toUpperCase()}`)).toBe(code);
	});

	it('answers null for anything that is not a code, rather than guessing', () => {
		for (const text of [
			'',
			'42',
			code.slice(1),
			`${code}0`,
			`/j/${code}/x`,
			'g'.repeat(64),
			'/track/abc'
		])
			expect(scanCodeFrom(text)).toBeNull();
	});
});

describe('scanChoices', () => {
	const option = (stageId: number, current = false, allowed = true): MoveOption => ({
		stageId,
		name: `S${stageId}`,
		current,
		allowed,
		reasons: []
	});

	it('offers the allowed stages ahead as buttons, and back or cancelling stages as the quieter list', () => {
		const options = [
			option(1),
			option(2, true),
			option(3),
			option(4, false, false),
			option(5),
			option(6)
		];
		const choices = scanChoices(options, (id) => id === 6);
		expect(choices.next.map((o) => o.stageId)).toEqual([3, 5]);
		expect(choices.others.map((o) => o.stageId)).toEqual([1, 6]);
	});

	it('offers nothing the mover may not use', () => {
		const choices = scanChoices([option(1, true), option(2, false, false)], () => false);
		expect(choices).toEqual({ next: [], others: [] });
	});
});
