import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Column from './Column.svelte';
import type { BoardJob } from '$lib/client/board.svelte';
import { FIRST_CARDS, type StageView } from '$lib/contract/views';

const now = new Date('2026-11-23T12:00:00Z');
const stage = (overrides: Partial<StageView> = {}): StageView => ({
	id: 4,
	workflowId: 1,
	position: 2,
	internalName: 'Digital press',
	externalName: 'In production',
	meaning: 'in_production',
	departmentId: 2,
	description: '',
	color: '#2563eb',
	icon: 'printer',
	wipLimit: null,
	wipEnforced: false,
	...overrides
});
const jobs = (count: number): BoardJob[] =>
	Array.from({ length: count }, (_, i) => ({
		id: i + 1,
		orderId: i + 1,
		orderNumber: 1000 + i,
		workflowId: 1,
		productId: 1,
		productName: 'Flyers',
		title: `Job ${i + 1}`,
		quantity: 100,
		stageId: 4,
		phase: 'in_production',
		contractorId: null,
		version: 1,
		enteredStageAt: '2026-11-23T10:00:00Z',
		rank: `a${i}`,
		dueAt: null,
		plannedIssueAt: null
	}));

describe('Column', () => {
	it('names the stage and counts its jobs against the WIP limit, highlighted when over', () => {
		const { container } = render(Column, {
			stage: stage({ wipLimit: 3 }),
			items: jobs(4),
			total: 4,
			states: {},
			now
		});
		expect(screen.getByRole('heading', { name: 'Digital press' })).toBeInTheDocument();
		const count = container.querySelector('.count')!;
		expect(count).toHaveTextContent('4/ 3');
		expect(count).toHaveClass('over');
	});

	it('shows an empty state for a column without jobs', () => {
		render(Column, { stage: stage(), items: [], total: 0, states: {}, now });
		expect(screen.getByText('No jobs')).toBeInTheDocument();
	});

	it('says the filters hid the jobs when a column with jobs shows none', () => {
		render(Column, { stage: stage(), items: [], total: 3, states: {}, now });
		expect(screen.getByText('No matching jobs')).toBeInTheDocument();
		expect(screen.queryByText('No jobs')).not.toBeInTheDocument();
	});

	it('on a wall display says how many more cards wait instead of offering a button', () => {
		render(Column, {
			stage: stage(),
			items: jobs(120),
			total: 120,
			states: {},
			now,
			pageSize: 50,
			large: true,
			readonly: true
		});
		expect(screen.getAllByRole('article')).toHaveLength(50);
		expect(screen.getByText('+ 70 more')).toBeInTheDocument();
		expect(screen.queryByRole('button')).not.toBeInTheDocument();
	});

	it('renders its first cards and offers the rest a page at a time, keeping the full count', () => {
		render(Column, { stage: stage(), items: jobs(120), total: 120, states: {}, now, pageSize: 50 });
		expect(screen.getAllByRole('article')).toHaveLength(FIRST_CARDS);
		expect(
			screen.getByRole('button', { name: `Show 50 more of ${120 - FIRST_CARDS}` })
		).toBeInTheDocument();
	});

	it('says why a dragged card may not enter, and dims the column', () => {
		const { container } = render(Column, {
			stage: stage(),
			items: jobs(1),
			total: 1,
			states: {},
			now,
			refusal: 'Order 1042 is On Hold: moving jobs is not allowed'
		});
		expect(screen.getByRole('status')).toHaveTextContent(
			'Order 1042 is On Hold: moving jobs is not allowed'
		);
		expect(container.querySelector('section')).toHaveClass('refused');
	});

	it('labels finished columns with the window they show', () => {
		render(Column, {
			stage: stage({ meaning: 'completed', internalName: 'Issued' }),
			items: [],
			total: 0,
			states: {},
			now,
			finishedWindowDays: 14
		});
		expect(screen.getByText('last 14 days')).toBeInTheDocument();
	});

	it('says beside the column why the server refused a drop into it, listing every reason it gave', async () => {
		const { container, rerender } = render(Column, {
			stage: stage(),
			items: jobs(1),
			total: 1,
			states: {},
			now,
			notice: ['Order 1042 is On Hold: moving jobs is not allowed']
		});
		// The column's own live region (svelte-dnd-action keeps another one for its announcements).
		const alert = () => container.querySelector<HTMLElement>('section [role="alert"]')!;
		expect(alert().textContent).toContain('Not moved to Digital press:');
		expect(alert().textContent).toContain('Order 1042 is On Hold');
		await rerender({
			notice: [
				'Order 1042 is On Hold: moving jobs is not allowed',
				'You may move jobs only into Press stages'
			]
		});
		expect(
			within(alert())
				.getAllByRole('listitem')
				.map((item) => item.textContent)
		).toEqual([
			'Order 1042 is On Hold: moving jobs is not allowed',
			'You may move jobs only into Press stages'
		]);
		await rerender({ notice: null });
		expect(alert().textContent?.trim()).toBe('');
	});

	it('wears the stage icon in its header and on its cards, and gives the description as tooltip and description', () => {
		const { container } = render(Column, {
			stage: stage({ description: 'Plates are checked before the run' }),
			items: jobs(2),
			total: 2,
			states: {},
			now
		});
		const header = container.querySelector('header')!;
		expect(header.querySelector('.stage-icon svg')).toHaveClass('lucide-printer');
		expect(header).toHaveAttribute('title', 'Plates are checked before the run');
		expect(screen.getByRole('region', { name: 'Digital press' })).toHaveAccessibleDescription(
			'Plates are checked before the run'
		);
		const cards = screen.getAllByRole('article');
		expect(cards.every((card) => card.querySelector('.stage-icon svg.lucide-printer'))).toBe(true);
	});

	it('has no tooltip or description when the stage has none', () => {
		const { container } = render(Column, { stage: stage(), items: [], total: 0, states: {}, now });
		expect(container.querySelector('header')).not.toHaveAttribute('title');
		expect(container.querySelector('section')).not.toHaveAttribute('aria-describedby');
	});
});
