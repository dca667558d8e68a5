import { cleanup, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import EtaRange from './EtaRange.svelte';

const now = new Date('2026-12-08T09:00:00Z');
const eta = { likely: '2026-12-09T10:00:00.000Z', late: '2026-12-11T10:00:00.000Z', basis: 23 };

describe('EtaRange', () => {
	it('shows a card the range, and where it comes from on hover', () => {
		const { container } = render(EtaRange, { eta, now });
		const chip = container.querySelector('[data-eta]')!;
		expect(chip.textContent).toMatch(/ETA\s+Dec 9 – Dec 11/);
		expect(chip.getAttribute('title')).toMatch(
			/^Expected Wed, Dec 9 – Fri, Dec 11 · .*finished jobs: 23/
		);
	});

	it('says "Running late" once the late end has passed', () => {
		render(EtaRange, { eta, now: new Date('2026-12-12T09:00:00Z') });
		expect(screen.getByText('Running late')).toBeInTheDocument();
		expect(screen.queryByText(/ETA/)).not.toBeInTheDocument();
	});

	it('shows one day when the range is a day, and the lead-time basis without history', () => {
		const { container } = render(EtaRange, {
			eta: { ...eta, late: eta.likely, basis: 0 },
			now,
			variant: 'row'
		});
		expect(container.querySelector('dd')!.textContent).toMatch(/^\s*Wed, Dec 9\s/);
		expect(screen.getByText(/no finished jobs yet/)).toBeInTheDocument();
	});

	it('tells the customer the range, as the current estimate beside a planned date', () => {
		const { unmount } = render(EtaRange, { eta, now, variant: 'customer' });
		expect(screen.getByText('Expected Wed, Dec 9 – Fri, Dec 11')).toBeInTheDocument();
		unmount();
		render(EtaRange, { eta, now, variant: 'customer', planned: '2026-12-10T22:59:59.999Z' });
		expect(screen.getByText('Our current estimate: Wed, Dec 9 – Fri, Dec 11')).toBeInTheDocument();
		expect(screen.getByText(/planned when you ordered/)).toBeInTheDocument();
		cleanup();
		// A planned date that has passed is no longer shown to the customer: the range is simply "Expected".
		render(EtaRange, { eta, now, variant: 'customer', planned: '2026-12-01T22:59:59.999Z' });
		expect(screen.getByText('Expected Wed, Dec 9 – Fri, Dec 11')).toBeInTheDocument();
		expect(screen.queryByText(/planned when you ordered/)).not.toBeInTheDocument();
	});

	it('shows nothing without an estimate, and no stale range to a customer', () => {
		const { container, unmount } = render(EtaRange, { eta: null, now });
		expect(container.querySelector('[data-eta]')).toBeNull();
		unmount();
		const late = render(EtaRange, {
			eta,
			now: new Date('2026-12-20T00:00:00Z'),
			variant: 'customer'
		});
		expect(late.container.querySelector('[data-eta]')).toBeNull();
	});
});
