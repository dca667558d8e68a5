import { describe, expect, it } from 'vitest';
import { takesTyping, wedgeCharacter } from './scan-wedge';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({
	key: k,
	ctrlKey: false,
	altKey: false,
	metaKey: false,
	...mods
});
const body = { tagName: 'BODY' };
const button = { tagName: 'BUTTON' };

describe('wedgeCharacter', () => {
	it('takes a scanner’s characters when the focus is on the page or a button', () => {
		expect(wedgeCharacter(key('h'), body)).toBe('h');
		expect(wedgeCharacter(key('/'), button)).toBe('/');
		expect(wedgeCharacter(key('7'), null)).toBe('7');
		expect(wedgeCharacter(key('a'), { tagName: 'INPUT', type: 'submit' })).toBe('a');
	});

	it('leaves typing into a field alone: a PIN, a text field, a list, an editable area', () => {
		expect(wedgeCharacter(key('1'), { tagName: 'INPUT', type: 'password' })).toBeNull();
		expect(wedgeCharacter(key('1'), { tagName: 'INPUT' })).toBeNull();
		expect(wedgeCharacter(key('a'), { tagName: 'textarea' })).toBeNull();
		expect(wedgeCharacter(key('a'), { tagName: 'SELECT' })).toBeNull();
		expect(wedgeCharacter(key('a'), { tagName: 'DIV', isContentEditable: true })).toBeNull();
	});

	it('leaves shortcuts, spaces, named keys and handled presses alone', () => {
		expect(wedgeCharacter(key('r', { ctrlKey: true }), body)).toBeNull();
		expect(wedgeCharacter(key('c', { metaKey: true }), body)).toBeNull();
		expect(wedgeCharacter(key('x', { altKey: true }), body)).toBeNull();
		expect(wedgeCharacter(key(' '), button)).toBeNull();
		expect(wedgeCharacter(key('Enter'), body)).toBeNull();
		expect(wedgeCharacter(key('Tab'), body)).toBeNull();
		expect(wedgeCharacter({ ...key('a'), defaultPrevented: true }, body)).toBeNull();
		expect(wedgeCharacter({ ...key('a'), isComposing: true }, body)).toBeNull();
	});
});

describe('takesTyping', () => {
	it('knows text fields from buttons and boxes', () => {
		expect(takesTyping({ tagName: 'INPUT', type: 'search' })).toBe(true);
		expect(takesTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
		expect(takesTyping({ tagName: 'A' })).toBe(false);
		expect(takesTyping(null)).toBe(false);
	});
});
