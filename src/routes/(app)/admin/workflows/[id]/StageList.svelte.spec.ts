import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import StageList from './StageList.svelte';
import { draftFromSaved, newStage, type DraftStage } from './draft';
import type { EditorStage } from '$lib/contract/views';

const departments = [
	{ id: 1, name: 'Prepress' },
	{ id: 2, name: 'Press' }
];
const saved = (
	id: number,
	internalName: string,
	meaning: DraftStage['meaning'],
	extra: Partial<EditorStage> = {}
): DraftStage =>
	draftFromSaved({
		id,
		internalName,
		externalName: `${internalName} (customer)`,
		externalNames: {},
		meaning,
		departmentId: 1,
		description: '',
		color: '#2563eb',
		icon: 'printer',
		wipLimit: null,
		wipEnforced: false,
		notifyCustomer: false,
		jobCount: 0,
		rules: [],
		...extra
	});

// The page holds its stages in $state; so do the tests, so bindings inside the list behave as there.
const names = () =>
	screen.getAllByRole('listitem').map((item) => item.querySelector('strong')!.textContent);

describe('StageList', () => {
	it('numbers the stages, shows meaning, department, limit and jobs, and names an unnamed stage', () => {
		const stages = $state([
			saved(1, 'Placed', 'received', { jobCount: 3 }),
			saved(2, 'Press', 'none', { departmentId: 2, wipLimit: 4, wipEnforced: true }),
			newStage(undefined, 2)
		]);
		render(StageList, { stages, departments, onremove: () => {} });
		const [first, second, third] = screen.getAllByRole('listitem');
		expect(first).toHaveTextContent('1 Placed');
		expect(within(first!).getByText('Received')).toBeInTheDocument();
		expect(first).toHaveTextContent('Customer sees “Placed (customer)” · Prepress · 3 jobs');
		expect(second).toHaveTextContent('Press · WIP 4 (enforced)');
		expect(third).toHaveTextContent('Unnamed stage');
		expect(screen.getByLabelText('Drag stage 2 (Press)')).toBeInTheDocument();
	});

	it('moves stages with the arrow buttons, and not past either end', async () => {
		const stages = $state([
			saved(1, 'A', 'received'),
			saved(2, 'B', 'none'),
			saved(3, 'C', 'completed')
		]);
		render(StageList, { stages, departments, onremove: () => {} });
		expect(screen.getByRole('button', { name: 'Move stage 1 up' })).toBeDisabled();
		expect(screen.getByRole('button', { name: 'Move stage 3 down' })).toBeDisabled();
		await fireEvent.click(screen.getByRole('button', { name: 'Move stage 1 down' }));
		expect(names()).toEqual(['B', 'A', 'C']);
		await fireEvent.click(screen.getByRole('button', { name: 'Move stage 3 up' }));
		expect(names()).toEqual(['B', 'C', 'A']);
	});

	it('opens a stage for editing, and hands a removal to the page', async () => {
		const onremove = vi.fn();
		const stages = $state([saved(1, 'A', 'received'), saved(2, 'B', 'none')]);
		render(StageList, { stages, departments, onremove });
		await fireEvent.click(screen.getAllByRole('button', { name: 'Edit' })[1]!);
		const fields = screen.getByRole('group', { name: 'Stage 2 details' });
		expect(within(fields).getByLabelText(/Internal name/)).toHaveValue('B');
		expect(within(fields).getByLabelText('Meaning')).toHaveValue('none');
		expect(within(fields).getByLabelText('Refuse moves beyond the limit')).toBeDisabled();
		await fireEvent.click(screen.getAllByRole('button', { name: 'Remove' })[0]!);
		expect(onremove).toHaveBeenCalledWith(
			expect.objectContaining({ stageId: 1, internalName: 'A' }),
			0
		);
	});
});
