import type { MessageRef } from './message';
import { checkMove } from './move-check';
import type { Operation } from './operations';
import type { Phase, StageMeaning } from './phase';
import { dueAt, durationToText, warnAt, type RuleDuration } from './timed-rule';

/** An enabled timed rule as the plan needs it. */
export interface PlanRule {
	id: number;
	workflowId: number;
	fromStageId: number;
	toStage: { id: number; meaning: StageMeaning };
	after: RuleDuration;
	warnBefore: RuleDuration | null;
}

/** A job sitting in a rule's stage, with what decides whether the rule may move it. */
export interface PlanJob {
	id: number;
	workflowId: number;
	stageId: number;
	phase: Phase;
	enteredStageAt: Date;
	orderNumber: number;
	state: { name: string; operations: Partial<Record<Operation, boolean>> };
	/** Whether this stay in the stage was already warned about (timed_rule_warnings). */
	warned: boolean;
}

/** Something a rule will do to a job: warn the admins, or move the job. */
export interface PlannedStep {
	kind: 'warning' | 'move';
	ruleId: number;
	jobId: number;
	at: Date;
	/** Why the move cannot happen now (the refusal of the operation chain), or null. */
	waiting: string | null;
	/** The same refusal as a catalogue message, for pages in other languages. */
	waitingRef?: MessageRef;
}

/** A readable name of a rule: "Shipped → Delivered after 4 weeks". History and messages show it. */
export function timedRuleName(fromName: string, toName: string, after: RuleDuration): string {
	return `${fromName} → ${toName} after ${durationToText(after)}`;
}

/**
 * What the rules will do to the jobs up to `until`, earliest first: a warning when `warnAt` falls after `now`
 * (a due one the sweep still sends) and was not sent for this stay; the move at `dueAt`, or as soon as possible
 * when already due. A move the operation chain refuses (an order on hold, a layaway order that may not ship)
 * is listed as waiting with the refusal; jobs of an order whose state forbids moving are not warned about, as
 * the sweep does not warn them. Days and weeks are calendar steps in `timeZone`.
 */
export function planTimedRules(input: {
	rules: readonly PlanRule[];
	jobs: readonly PlanJob[];
	now: Date;
	until: Date;
	timeZone: string;
	disabledOperations?: readonly Operation[];
}): PlannedStep[] {
	const { rules, jobs, now, until, timeZone } = input;
	const ruleByStage = new Map<number, PlanRule>();
	for (const rule of [...rules].sort((a, b) => a.id - b.id))
		if (!ruleByStage.has(rule.fromStageId)) ruleByStage.set(rule.fromStageId, rule);
	const steps: PlannedStep[] = [];
	for (const job of jobs) {
		const rule = ruleByStage.get(job.stageId);
		if (!rule || rule.workflowId !== job.workflowId) continue;
		const due = dueAt(job.enteredStageAt, rule.after, timeZone);
		const warn = warnAt(job.enteredStageAt, rule.after, rule.warnBefore, timeZone);
		const check = checkMove({
			actor: { role: 'rule', id: null, allowedStageIds: null },
			disabledOperations: input.disabledOperations ?? [],
			job: {
				workflowId: job.workflowId,
				phase: job.phase,
				contractorId: null,
				orderNumber: job.orderNumber
			},
			state: job.state,
			target: { id: rule.toStage.id, workflowId: rule.workflowId, meaning: rule.toStage.meaning }
		});
		const waiting = check.ok ? null : check.message;
		if (warn && !job.warned && job.state.operations.move !== false && due > now && warn <= until) {
			steps.push({ kind: 'warning', ruleId: rule.id, jobId: job.id, at: warn, waiting: null });
		}
		if (due <= until)
			steps.push({
				kind: 'move',
				ruleId: rule.id,
				jobId: job.id,
				at: due,
				waiting,
				...(check.ok || !check.i18n ? {} : { waitingRef: check.i18n })
			});
	}
	return steps.sort(
		(a, b) =>
			a.at.getTime() - b.at.getTime() || a.jobId - b.jobId || (a.kind === 'warning' ? -1 : 1)
	);
}
