import { describe, expect, it } from 'vitest';
import { copyName, removalProblems } from './workflow-edit';

describe('copyName', () => {
	it('adds "(copy)", then numbers further copies', () => {
		expect(copyName('Books', ['Books'])).toBe('Books (copy)');
		expect(copyName('Books', ['Books', 'books (copy)'])).toBe('Books (copy 2)');
		expect(copyName(' Books ', ['Books', 'Books (copy)', 'Books (copy 2)'])).toBe('Books (copy 3)');
	});
});

describe('removalProblems', () => {
	const remaining = new Set(['1', 'new-1']);

	it('accepts empty stages and stages whose jobs go to a stage that stays', () => {
		expect(
			removalProblems(
				[
					{ stageId: 2, internalName: 'Proof', jobCount: 0, moveJobsTo: null },
					{ stageId: 3, internalName: 'Cutting', jobCount: 4, moveJobsTo: 'new-1' }
				],
				remaining
			)
		).toEqual([]);
	});

	it('names a stage with jobs and no destination, or a destination that is itself going', () => {
		const problems = removalProblems(
			[
				{ stageId: 2, internalName: 'Proof', jobCount: 1, moveJobsTo: null },
				{ stageId: 3, internalName: 'Cutting', jobCount: 4, moveJobsTo: '2' }
			],
			remaining
		);
		expect(problems.map((p) => p.code)).toEqual(['removal_without_target', 'removal_target_gone']);
		expect(problems[0]!.message).toBe('Proof holds 1 job: choose the stage they move to');
		expect(problems[1]!.message).toMatch(/^Cutting holds 4 jobs/);
	});
});
