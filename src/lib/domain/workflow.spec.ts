import { describe, expect, it } from 'vitest';
import { firstStageWithMeaning, validateWorkflow, type StageDraft } from './workflow';

function stage(
	internalName: string,
	meaning: StageDraft['meaning'] = 'none',
	extra: Partial<StageDraft> = {}
): StageDraft {
	return { internalName, externalName: internalName, meaning, departmentId: null, ...extra };
}

const valid: StageDraft[] = [
	stage('Placed', 'received'),
	stage('Press', 'in_production', { wipLimit: 5 }),
	stage('Done', 'completed'),
	stage('Cancelled', 'cancelled')
];

const codes = (stages: StageDraft[]) => validateWorkflow(stages).map((p) => p.code);

describe('validateWorkflow', () => {
	it('accepts a workflow with received, completed and cancelled stages', () => {
		expect(validateWorkflow(valid)).toEqual([]);
	});

	it('reports each missing required meaning by name', () => {
		const problems = validateWorkflow([stage('Press', 'in_production')]);
		expect(problems).toEqual([
			{
				code: 'missing_received',
				message: 'No stage means Received',
				i18n: { key: 'problem_missing_meaning', params: { meaning: 'received' } }
			},
			{
				code: 'missing_completed',
				message: 'No stage means Completed',
				i18n: { key: 'problem_missing_meaning', params: { meaning: 'completed' } }
			},
			{
				code: 'missing_cancelled',
				message: 'No stage means Cancelled',
				i18n: { key: 'problem_missing_meaning', params: { meaning: 'cancelled' } }
			}
		]);
	});

	it('reports only the meaning that is missing', () => {
		expect(codes(valid.filter((s) => s.meaning !== 'completed'))).toEqual(['missing_completed']);
	});

	it('reports an empty workflow', () => {
		expect(codes([])).toContain('no_stages');
	});

	it('names the position of a stage with an empty name', () => {
		const stages = [...valid];
		stages[1] = { ...stages[1]!, internalName: '  ' };
		stages[2] = { ...stages[2]!, externalName: '' };
		const problems = validateWorkflow(stages);
		expect(problems.map((p) => p.code)).toEqual(['empty_internal_name', 'empty_external_name']);
		expect(problems[0]!.message).toContain('Stage 2');
		expect(problems[1]!.message).toContain('Stage 3');
	});

	it('reports duplicate internal names once, naming the positions', () => {
		const problems = validateWorkflow([...valid, stage('press'), stage('Press ')]);
		expect(problems).toHaveLength(1);
		expect(problems[0]!.code).toBe('duplicate_internal_name');
		expect(problems[0]!.message).toContain('2, 5, 6');
	});

	it('allows several stages to share an external name', () => {
		expect(
			validateWorkflow([...valid, stage('Cutting', 'none', { externalName: 'Press' })])
		).toEqual([]);
	});

	it('rejects a WIP limit below 1 but accepts none', () => {
		expect(codes([...valid, stage('Zero', 'none', { wipLimit: 0 })])).toEqual([
			'invalid_wip_limit'
		]);
		expect(codes([...valid, stage('Neg', 'none', { wipLimit: -2 })])).toEqual([
			'invalid_wip_limit'
		]);
		expect(codes([...valid, stage('None', 'none', { wipLimit: null })])).toEqual([]);
		expect(codes([...valid, stage('One', 'none', { wipLimit: 1 })])).toEqual([]);
	});
});

describe('firstStageWithMeaning', () => {
	const stages = [
		{ id: 10, position: 3, meaning: 'received' as const },
		{ id: 11, position: 1, meaning: 'none' as const },
		{ id: 12, position: 2, meaning: 'received' as const },
		{ id: 13, position: 4, meaning: 'completed' as const }
	];

	it('returns the lowest-position stage with the meaning, regardless of array order', () => {
		expect(firstStageWithMeaning(stages, 'received')?.id).toBe(12);
		expect(firstStageWithMeaning(stages, 'completed')?.id).toBe(13);
	});

	it('returns undefined when no stage has the meaning', () => {
		expect(firstStageWithMeaning(stages, 'cancelled')).toBeUndefined();
	});
});
