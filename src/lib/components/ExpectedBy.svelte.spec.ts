import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ExpectedBy from './ExpectedBy.svelte';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('ExpectedBy', () => {
	it('tells the customer the planned day while the order is on its way', () => {
		render(ExpectedBy, { plannedIssueAt: inDays(3), phase: 'in_production' });
		expect(screen.getByText(/^Expected by /)).toBeInTheDocument();
	});

	it('says nothing without a plan, once the day has passed, or when the order is done', () => {
		for (const props of [
			{ plannedIssueAt: null, phase: 'received' as const },
			{ plannedIssueAt: inDays(-2), phase: 'received' as const },
			{ plannedIssueAt: inDays(3), phase: 'completed' as const },
			{ plannedIssueAt: inDays(3), phase: 'cancelled' as const }
		]) {
			const { unmount } = render(ExpectedBy, props);
			expect(screen.queryByText(/^Expected by /), JSON.stringify(props)).not.toBeInTheDocument();
			unmount();
		}
	});
});
