import { describe, expect, it } from 'vitest';
import { checkFileName, contentDisposition, MAX_FILE_NAME } from './file-name';

describe('checkFileName', () => {
	it('keeps ordinary names, trimmed, with reserved characters neutralised', () => {
		expect(checkFileName('  cover final.pdf ')).toEqual({ ok: true, name: 'cover final.pdf' });
		expect(checkFileName('Визитки "v2".pdf')).toEqual({ ok: true, name: 'Визитки _v2_.pdf' });
		expect(checkFileName('ab:c*d?.tif')).toEqual({ ok: true, name: 'ab_c_d_.tif' });
	});

	it.each([
		['../../etc/passwd'],
		['..\\..\\boot.ini'],
		['folder/cover.pdf'],
		['C:cover.pdf'],
		['..'],
		['..hidden.pdf'],
		['cover\u0000.pdf'],
		['line\nbreak.pdf'],
		['   ']
	])('refuses %j', (name) => {
		expect(checkFileName(name).ok).toBe(false);
	});

	it('shortens long names keeping the extension', () => {
		const verdict = checkFileName(`${'x'.repeat(400)}.pdf`);
		expect(verdict.ok && verdict.name.length).toBe(MAX_FILE_NAME);
		expect(verdict.ok && verdict.name.endsWith('.pdf')).toBe(true);
	});
});

describe('contentDisposition', () => {
	it('offers an ASCII fallback and the UTF-8 name', () => {
		expect(contentDisposition('Визитки.pdf')).toBe(
			`attachment; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent('Визитки.pdf')}`
		);
		expect(contentDisposition('a"b.png', true)).toMatch(/^inline; filename="a_b.png"/);
	});
});
