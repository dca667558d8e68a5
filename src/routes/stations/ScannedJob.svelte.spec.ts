import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { MoveOption } from '$lib/domain/move-check';
import { boardJob } from '$lib/testing/board-job';
import ScannedJob from './ScannedJob.svelte';

const option = (stageId: number, name: string): MoveOption => ({
	stageId,
	name,
	current: false,
	allowed: true,
	reasons: []
});
const scanned = {
	job: { ...boardJob(), id: 42, version: 7, title: 'Shop window foil', quantity: 2 },
	stageName: 'Wide-format print',
	stateName: 'Sale',
	next: [
		option(5, 'Laminating'),
		option(6, 'Mounting'),
		option(7, 'Packing'),
		option(8, 'Shipped')
	],
	others: [option(3, 'Prepress'), option(9, 'Cancelled')]
};
const handlers = { onmoved: vi.fn(), onrefused: vi.fn(), onclose: vi.fn() };

describe('ScannedJob', () => {
	it('shows the scanned job and its next three stages as big buttons, the rest under Other stages', () => {
		render(ScannedJob, { scanned, refusal: null, ...handlers });
		const panel = screen.getByRole('region', { name: 'Shop window foil' });
		expect(within(panel).getByTestId('scanned-stage').textContent).toBe('Wide-format print');
		const moves = panel.querySelectorAll<HTMLButtonElement>(':scope > .moves > form > button');
		expect([...moves].map((b) => b.textContent?.trim())).toEqual([
			'Laminating',
			'Mounting',
			'Packing'
		]);
		const more = panel.querySelector('details')!;
		expect(
			within(more)
				.getAllByRole('button', { hidden: true })
				.map((b) => b.textContent?.trim())
		).toEqual(['Shipped', 'Prepress', 'Cancelled']);
		// Each button moves this job, at the version shown, to its stage.
		const form = moves[0].form!;
		expect(form.getAttribute('action')).toBe('?/move');
		expect(Object.fromEntries(new FormData(form))).toEqual({
			jobId: '42',
			version: '7',
			toStageId: '5'
		});
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('says why a move was refused, and offers no buttons where the operator may move nothing', () => {
		render(ScannedJob, {
			scanned: { ...scanned, next: [], others: [] },
			refusal: 'The order is on hold.',
			...handlers
		});
		expect(screen.getByRole('alert').textContent).toContain('Not moved: The order is on hold.');
		expect(screen.getByText('There is no stage you may move this job to.')).toBeTruthy();
		expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
			'Close'
		]);
	});
});
