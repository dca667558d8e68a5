import { fireEvent, render, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ScanField from './ScanField.svelte';

const code = '0123456789abcdef'.repeat(4);

/** Types as a keyboard-wedge scanner does (the whole text, then Enter) into the focused field. */
async function scan(text: string, onscan = vi.fn()) {
	const view = within(render(ScanField, { onscan }).container);
	const input = view.getByLabelText('Scan a ticket') as HTMLInputElement;
	expect(document.activeElement).toBe(input);
	await fireEvent.input(input, { target: { value: text } });
	await fireEvent.submit(input.form!);
	return { ...view, input, onscan };
}

describe('ScanField', () => {
	it('hands the code of a scanned link or a typed code to the station, and is ready for the next', async () => {
		const { onscan, input } = await scan(`https://board.example.com/j/${code}`);
		await waitFor(() => expect(onscan).toHaveBeenCalledWith(code));
		expect(input.value).toBe('');
		expect(document.activeElement).toBe(input);
		const typed = await scan(` ${code.toUpperCase()} `);
		await waitFor(() => expect(typed.onscan).toHaveBeenCalledWith(code));
	});

	it('says so when what was read is no ticket code, and hands nothing on', async () => {
		const { onscan, input, getByText } = await scan('https://board.example.com/track/abc');
		expect(onscan).not.toHaveBeenCalled();
		expect(input.getAttribute('aria-invalid')).toBe('true');
		expect(getByText('That is not a ticket code.')).toBeTruthy();
	});
});

describe('ScanField at a station (wedge)', () => {
	it('takes a scanner’s typing while the focus is on a button, but not from another field', async () => {
		const onscan = vi.fn();
		const { container } = render(ScanField, { onscan, autofocus: false, wedge: true });
		const view = within(container);
		const input = view.getByLabelText('Scan a ticket') as HTMLInputElement;
		const button = document.createElement('button');
		const pin = document.createElement('input');
		pin.type = 'password';
		document.body.append(button, pin);
		button.focus();
		// The first character lands in the scan field, which has the focus from then on; the rest is typed there.
		await fireEvent.keyDown(button, { key: '/' });
		expect(document.activeElement).toBe(input);
		expect(input.value).toBe('/');
		await fireEvent.input(input, { target: { value: `/j/${code}` } });
		await fireEvent.submit(input.form!);
		await waitFor(() => expect(onscan).toHaveBeenCalledWith(code));

		pin.focus();
		await fireEvent.keyDown(pin, { key: '4' });
		expect(document.activeElement).toBe(pin);
		expect(input.value).toBe('');
		button.remove();
		pin.remove();
	});
});
