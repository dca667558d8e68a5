import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Card from './Card.svelte';
import { boardJob } from '$lib/testing/board-job';

const now = new Date('2026-11-23T12:00:00Z');
const job = boardJob;
const sale = { name: 'Sale', color: '#16a34a', textColor: '#fff', key: 'sale' };
const onHold = { name: 'On Hold', color: '#dc2626', textColor: '#fff', key: 'on_hold' };

describe('Card', () => {
	it('shows order number, customer, title, product, quantity, contractor and time in stage', () => {
		render(Card, { job: job(), state: sale, now });
		expect(screen.getByText('#1042')).toBeInTheDocument();
		expect(screen.getByText('Anna Novak')).toBeInTheDocument();
		expect(screen.getByText('Cards for the front desk')).toBeInTheDocument();
		expect(screen.getByText('Business cards')).toBeInTheDocument();
		expect(screen.getByText(/2,500/)).toBeInTheDocument();
		expect(screen.getByText('Sam Carter')).toBeInTheDocument();
		expect(screen.getByTitle('Time in this stage')).toHaveTextContent('2h');
	});

	it('badges an order state other than sale, and never the plain sale state', () => {
		const { unmount } = render(Card, { job: job(), state: sale, now });
		expect(screen.queryByText('Sale')).not.toBeInTheDocument();
		unmount();
		render(Card, { job: job(), state: onHold, now });
		expect(screen.getByText('On Hold')).toBeInTheDocument();
	});

	it('grows warmer the longer the job sits and flags an overdue due date', () => {
		const { container } = render(Card, {
			job: job({ enteredStageAt: '2026-11-01T10:00:00Z', dueAt: '2026-11-20T10:00:00Z' }),
			state: sale,
			now
		});
		expect(container.querySelector('.card')).toHaveClass('age-4');
		expect(screen.getByTitle(/^Overdue — was due /)).toBeInTheDocument();
	});

	it('labels the due date given, else the planned issue date, and never flags a finished job overdue', () => {
		const { unmount } = render(Card, {
			job: job({ plannedIssueAt: '2026-11-27T22:59:59.999Z' }),
			state: sale,
			now
		});
		expect(screen.getByTitle(/^Due /)).toHaveTextContent('Due');
		expect(screen.queryByText('Planned')).not.toBeInTheDocument();
		unmount();
		const second = render(Card, {
			job: job({ dueAt: null, plannedIssueAt: '2026-11-27T22:59:59.999Z' }),
			state: sale,
			now
		});
		expect(screen.getByTitle(/^Planned for /)).toHaveTextContent('Planned');
		second.unmount();
		render(Card, {
			job: job({ dueAt: '2026-11-20T10:00:00Z', phase: 'completed' }),
			state: sale,
			now
		});
		expect(screen.queryByTitle(/^Overdue/)).not.toBeInTheDocument();
	});

	it('marks unpaid orders and linked orders, and omits what a contractor’s card does not carry', () => {
		const { unmount } = render(Card, {
			job: job({ paymentStatus: 'unpaid', linkedOrderCount: 2 }),
			state: sale,
			now
		});
		expect(screen.getByText('Unpaid')).toBeInTheDocument();
		expect(screen.getByTitle('Linked orders')).toHaveTextContent('2');
		unmount();
		const contractorView = job();
		delete contractorView.customerName;
		delete contractorView.paymentStatus;
		render(Card, { job: contractorView, now });
		expect(screen.queryByText('Anna Novak')).not.toBeInTheDocument();
		expect(screen.queryByTitle('Payment')).not.toBeInTheDocument();
	});

	it('opens the details on click and with the "o" key', async () => {
		const onopen = vi.fn();
		render(Card, { job: job(), state: sale, now, onopen });
		const card = screen.getByRole('article', { name: /Order 1042/ });
		card.click();
		card.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }));
		expect(onopen).toHaveBeenCalledTimes(2);
		expect(onopen.mock.calls[0][0].id).toBe(7);
	});

	it("wears its stage's icon when it is given the stage, and none without it", () => {
		const { unmount } = render(Card, {
			job: job(),
			stage: { icon: 'scissors', color: '#d97706' },
			state: sale,
			now
		});
		const icon = screen.getByRole('article').querySelector('.stage-icon')!;
		expect(icon.querySelector('svg')).toHaveClass('lucide-scissors');
		expect(icon).toHaveAttribute('aria-hidden', 'true');
		unmount();
		render(Card, { job: job(), state: sale, now });
		expect(screen.getByRole('article').querySelector('.stage-icon')).toBeNull();
	});
});
