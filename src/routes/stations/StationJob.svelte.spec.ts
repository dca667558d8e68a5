import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StageView } from '$lib/contract/views';
import { boardJob } from '$lib/testing/board-job';
import StationJob from './StationJob.svelte';

const stage = (id: number, internalName: string): StageView => ({
	id,
	workflowId: 1,
	position: id,
	internalName,
	externalName: internalName,
	meaning: 'none',
	departmentId: 2,
	description: '',
	color: '#2563eb',
	icon: 'printer',
	wipLimit: null,
	wipEnforced: false
});
const props = {
	job: boardJob(),
	stage: stage(4, 'Digital press'),
	orderState: { name: 'Sale', color: '#dcfce7', textColor: '#14532d' },
	notes: 'Matt, no bleed',
	work: undefined,
	doneStages: [stage(6, 'Cutting & boxing')],
	otherStages: [stage(5, 'Printed with defect'), stage(6, 'Cutting & boxing')],
	refusal: null,
	submit: () => undefined
};

// jsdom has <dialog> without showModal().
beforeAll(() => {
	HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
		this.open = true;
	};
});

describe('StationJob', () => {
	it('shows what to make and by when, with Start and a Done that names where the job goes', () => {
		render(StationJob, props);
		expect(screen.getByRole('heading', { name: /Cards for the front desk/ })).toBeInTheDocument();
		expect(screen.getByText('2500 pcs')).toBeInTheDocument();
		expect(screen.getByText(/Matt, no bleed/)).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Start' })).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Done → Cutting & boxing' })).toBeInTheDocument();
	});

	it('offers a choice when Done has several ways on, and no Start once someone started', async () => {
		render(StationJob, {
			...props,
			doneStages: props.otherStages,
			work: { jobId: 7, userId: 3, name: 'Pat Press', startedAt: '2026-11-23T10:00:00Z' }
		});
		expect(screen.queryByRole('button', { name: 'Start' })).not.toBeInTheDocument();
		expect(screen.getByText(/Pat Press since/)).toBeInTheDocument();
		await fireEvent.click(screen.getByRole('button', { name: 'Done…' }));
		expect(screen.getByRole('button', { name: 'Printed with defect' })).toBeInTheDocument();
		expect(screen.getByRole('button', { name: 'Cutting & boxing' })).toBeInTheDocument();
	});

	it('says why a move was refused', () => {
		render(StationJob, { ...props, refusal: 'Order 1042 is On Hold: moving is not allowed' });
		expect(screen.getByRole('alert')).toHaveTextContent('On Hold');
	});
});
