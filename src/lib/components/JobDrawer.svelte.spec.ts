import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import JobDrawer from './JobDrawer.svelte';
import type { BoardJob } from '$lib/client/board.svelte';
import { boardJob } from '$lib/testing/board-job';

const job: BoardJob = boardJob({
	phase: 'received',
	contractorId: null,
	contractorName: null,
	dueAt: null,
	stateId: 2
});

/** The refusal every stage gives while the order is on hold. */
const onHold = {
	code: 'operation_not_allowed',
	message: 'Order 1042 is On Hold: moving jobs is not allowed',
	i18n: {
		key: 'refusal_order_state',
		params: { order: '1042', state: 'On Hold', operation: 'move' }
	}
};
const moves = {
	jobId: 7,
	version: 3,
	stageId: 4,
	allowedStageIds: [5],
	stages: [
		{
			stageId: 4,
			name: 'Placed',
			current: true,
			allowed: false,
			reasons: [onHold]
		},
		{
			stageId: 6,
			name: 'Shipped',
			current: false,
			allowed: false,
			reasons: [
				onHold,
				{
					code: 'forbidden',
					message: 'You may not move jobs into this stage; you may move them into: Printing',
					i18n: { key: 'refusal_stage_not_allowed_named', params: { stages: 'Printing' } }
				}
			]
		}
	]
};

function answer(body: unknown) {
	return { ok: true, json: async () => body } as Response;
}

afterEach(() => vi.unstubAllGlobals());

describe('JobDrawer: "Why can\'t I move this?"', () => {
	it('asks the server when opened and lists, for each stage, every rule that would refuse the move', async () => {
		const fetch = vi.fn(async (url: string) =>
			url.endsWith('/moves')
				? answer(moves)
				: answer({ order: { id: 3, phase: 'received' }, jobs: [], history: [] })
		);
		vi.stubGlobal('fetch', fetch);
		render(JobDrawer, {
			job,
			stages: [],
			states: [],
			contractors: [],
			products: [],
			role: 'staff',
			onclose: () => {}
		});
		const summary = await screen.findByText('Why can’t I move this?');
		const details = summary.closest('details')!;
		details.open = true; // the browser (and jsdom) fires "toggle"
		await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/v1/jobs/7/moves'));
		const list = await screen.findByRole('list', { name: 'Why can’t I move this?' });
		const shipped = within(list).getByText('Shipped').closest('li')!;
		expect(
			within(shipped).getByText('Order 1042 is On Hold: moving jobs is not allowed')
		).toBeInTheDocument();
		expect(
			within(shipped).getByText(
				'You may not move jobs into this stage; you may move them into: Printing'
			)
		).toBeInTheDocument();
		expect(within(list).getByText('Placed').closest('li')).toHaveTextContent('current stage');
		expect(fetch.mock.calls.filter(([url]) => url.endsWith('/moves'))).toHaveLength(1);
	});

	it('shows the stage the job is in with its icon and description, and each line without repeated words', async () => {
		const placed = {
			id: 4,
			workflowId: 1,
			position: 0,
			internalName: 'Placed',
			externalName: 'Received',
			meaning: 'received' as const,
			departmentId: 1,
			description: 'Check the files and the payment',
			color: '#2563eb',
			icon: 'inbox',
			wipLimit: null,
			wipEnforced: false
		};
		const lines = [
			{ ...job },
			{ ...job, id: 8, title: 'Draft line', stageId: null, phase: 'draft' },
			{ ...job, id: 9, title: 'Other board', stageId: 77, phase: 'in_production' }
		];
		vi.stubGlobal(
			'fetch',
			vi.fn(async () => answer({ order: { id: 3, phase: 'received' }, jobs: lines, history: [] }))
		);
		render(JobDrawer, {
			job,
			stages: [placed],
			states: [],
			contractors: [],
			products: [],
			role: 'staff',
			onclose: () => {}
		});
		const stage = (await screen.findByText('Stage')).nextElementSibling as HTMLElement;
		expect(stage).toHaveTextContent('Placed');
		expect(stage).toHaveTextContent('Check the files and the payment');
		expect(stage.querySelector('svg')).toHaveClass('lucide-inbox');
		const items = within(screen.getByText('Draft line').closest('ul')!).getAllByRole('listitem');
		const where = items.map((item) => item.querySelector('small')!.textContent!.trim());
		expect(where).toEqual([
			'Business cards · Placed · Received',
			'Business cards · Draft',
			'Business cards · In production'
		]);
		expect(items[0].querySelector('svg.lucide-inbox')).not.toBeNull();
	});
});
