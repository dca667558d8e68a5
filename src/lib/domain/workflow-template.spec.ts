import { describe, expect, it } from 'vitest';
import { validateTimedRules } from './timed-rule';
import { validateWorkflow } from './workflow';
import {
	DEFAULT_TIMED_RULES,
	defaultRulesFor,
	TEMPLATE_DEPARTMENTS,
	TEMPLATE_EXTERNAL_NAMES,
	TEMPLATE_STAGES
} from './workflow-template';

const stages = TEMPLATE_STAGES.map((stage, i) => ({ id: 100 + i, ...stage }));

describe('the standard workflow template', () => {
	it('is a valid workflow whose departments and customer names are all known', () => {
		expect(validateWorkflow(stages.map((s) => ({ ...s, departmentId: 1 })))).toEqual([]);
		const departments = new Set<string>(TEMPLATE_DEPARTMENTS.map((d) => d.name));
		for (const stage of TEMPLATE_STAGES) {
			expect(departments.has(stage.department), stage.internalName).toBe(true);
			expect(TEMPLATE_EXTERNAL_NAMES[stage.externalName], stage.externalName).toBeDefined();
		}
	});

	it('has every stage the default timed rules name, so it gets all six, and they form valid rules', () => {
		const rules = defaultRulesFor(stages);
		expect(rules).toHaveLength(DEFAULT_TIMED_RULES.length);
		expect(DEFAULT_TIMED_RULES).toHaveLength(6);
		const drafts = rules.map((rule) => ({ ...rule, enabled: true }));
		expect(validateTimedRules(drafts, new Set(stages.map((s) => s.id)))).toEqual([]);
		const idOf = (name: string) => stages.find((s) => s.internalName === name)!.id;
		expect(rules).toContainEqual({
			fromStageId: idOf('Shipped'),
			toStageId: idOf('Delivered to pickup point'),
			after: { amount: 4, unit: 'weeks' },
			warnBefore: { amount: 1, unit: 'weeks' }
		});
	});
});

describe('defaultRulesFor', () => {
	it('gives only the rules whose two stages the workflow has', () => {
		const few = [
			{ id: 1, internalName: 'Placed' },
			{ id: 2, internalName: 'Shipped' },
			{ id: 3, internalName: 'Cancelled' },
			{ id: 4, internalName: 'Returned' }
		];
		expect(defaultRulesFor(few)).toEqual([
			{ fromStageId: 1, toStageId: 2, after: { amount: 2, unit: 'weeks' }, warnBefore: null },
			{ fromStageId: 4, toStageId: 3, after: { amount: 2, unit: 'weeks' }, warnBefore: null }
		]);
		expect(defaultRulesFor([])).toEqual([]);
	});
});
