import { m } from '$lib/paraglide/messages';
import type { MessageRef, RefusalKey } from '$lib/domain/message';
import type { Operation } from '$lib/domain/operations';
import type { Phase } from '$lib/domain/phase';
import type { OrderKind } from '$lib/domain/order-facts';
import type { MessageTopic } from '$lib/domain/topics';
import { deniedOperations } from '$lib/domain/order-states';
import {
	approvalRuleMessage,
	describeApprovalRule,
	type ApprovalCondition
} from '$lib/domain/approval';
import { getLocale } from '$lib/paraglide/runtime';
import type { ErrorBody, RefusalReason } from '$lib/contract/socket';

type Label = () => string;

// Typed tables: a missing catalogue key or a new phase/operation without a label is a type error.
const PHASES: Record<Phase, Label> = {
	draft: m.phase_draft,
	received: m.phase_received,
	in_production: m.phase_in_production,
	shipped: m.phase_shipped,
	completed: m.phase_completed,
	cancelled: m.phase_cancelled
};
const PAYMENTS: Record<string, Label> = {
	unpaid: m.payment_unpaid,
	partially_paid: m.payment_partially_paid,
	paid: m.payment_paid,
	refunded: m.payment_refunded
};
const ROLES: Record<string, Label> = {
	admin: m.role_admin,
	manager: m.role_manager,
	staff: m.role_staff,
	contractor: m.role_contractor
};
const SOURCES: Record<string, Label> = {
	site: m.source_site,
	app: m.source_app,
	panel: m.source_panel,
	api: m.source_api,
	phone: m.source_phone,
	email: m.source_email,
	counter: m.source_counter
};
const KINDS: Record<OrderKind, Label> = {
	regular: m.kind_regular,
	digital: m.kind_digital,
	quick: m.kind_quick,
	custom: m.kind_custom
};
const OPERATIONS: Record<Operation, Label> = {
	move: m.operation_move,
	ship: m.operation_ship,
	complete: m.operation_complete,
	cancel: m.operation_cancel,
	edit_order: m.operation_edit_order,
	add_line: m.operation_add_line,
	remove_line: m.operation_remove_line,
	assign_contractor: m.operation_assign_contractor,
	commission: m.operation_commission,
	change_payment: m.operation_change_payment
};
const HISTORY: Record<string, Label> = {
	created: m.history_created,
	commissioned: m.history_commissioned,
	moved: m.history_moved,
	assigned: m.history_assigned,
	state_changed: m.history_state_changed,
	updated: m.history_updated,
	line_added: m.history_line_added,
	line_removed: m.history_line_removed,
	worked: m.station_history_worked,
	file_added: m.history_file_added,
	file_removed: m.history_file_removed,
	proof_attached: m.history_proof_attached,
	proof_approved: m.history_proof_approved,
	proof_changes_requested: m.history_proof_changes_requested
};
const TOPICS: Record<MessageTopic, Label> = {
	order_commissioned: m.topic_order_commissioned,
	order_phase_changed: m.topic_order_phase_changed,
	order_completed: m.topic_order_completed,
	stage_reached: m.topic_stage_reached,
	timed_rule_warning: m.topic_timed_rule_warning,
	new_order_staff: m.topic_new_order_staff,
	comment_mention: m.comments_topic_mention,
	customer_comment: m.comments_topic_customer,
	order_created: m.topic_order_created
};
const LEGAL: Record<string, Label> = {
	terms: m.legal_terms,
	cancellation_policy: m.legal_cancellation_policy,
	privacy_policy: m.legal_privacy_policy
};
const REFUSALS = m satisfies Record<RefusalKey, (params: never) => string>;

export const phaseLabel = (phase: Phase) => PHASES[phase]();
/** A stage's meaning: a phase it sets, or none. */
export const meaningLabel = (meaning: string) =>
	meaning === 'none' ? m.meaning_none() : (PHASES[meaning as Phase]?.() ?? meaning);
/** Unknown values (a newer server, a custom source) show as they are. */
export const paymentLabel = (status: string) => PAYMENTS[status]?.() ?? status;
export const roleLabel = (role: string) => ROLES[role]?.() ?? role;
export const sourceLabel = (source: string) => SOURCES[source]?.() ?? source;
export const kindLabel = (kind: string) => KINDS[kind as OrderKind]?.() ?? kind;
export const historyLabel = (kind: string) => HISTORY[kind]?.() ?? kind;
/** A legal text's kind; a kind added later shows as its key, readably. */
export const legalLabel = (kind: string) => LEGAL[kind]?.() ?? kind.replaceAll('_', ' ');
/** What an outgoing message is about (its topic); a topic added later shows as its key. */
export const topicLabel = (topic: string) => TOPICS[topic as MessageTopic]?.() ?? topic;
const DELIVERIES: Record<string, Label> = {
	pending: m.msg_status_queued,
	sent: m.msg_status_sent,
	failed: m.msg_status_failed,
	superseded: m.msg_status_superseded
};
/** How delivering an outgoing message went: queued, sent, failed or superseded (taken back within the undo window). */
export const deliveryLabel = (status: string) => DELIVERIES[status]?.() ?? status;
export const operationLabel = (operation: string) =>
	OPERATIONS[operation as Operation]?.() ?? operation;

/** What an order state forbids, in plain words of the page's language ("No shipping or completing"). */
export function restrictionsText(operations: Partial<Record<Operation, boolean>>): string {
	const denied = deniedOperations(operations).map(operationLabel);
	if (denied.length === 0) return m.restrictions_none();
	return m.restrictions_some({
		operations: new Intl.ListFormat(getLocale(), { type: 'disjunction' }).format(denied)
	});
}

const APPROVAL_SOURCES: Record<string, Label> = {
	site: m.approval_source_site,
	app: m.approval_source_app,
	panel: m.approval_source_panel,
	api: m.approval_source_api,
	phone: m.approval_source_phone,
	email: m.approval_source_email,
	counter: m.approval_source_counter
};

/** What an approval rule does, in plain words of the page's language; English keeps the domain's own sentence. */
export function approvalRuleText(condition: ApprovalCondition, stateName: string): string {
	if (getLocale() === 'en') return describeApprovalRule(condition, stateName);
	const { key, params } = approvalRuleMessage(condition, stateName);
	const sources =
		typeof params.sources === 'string'
			? params.sources.split(',').map((s) => APPROVAL_SOURCES[s]?.() ?? s)
			: [];
	const message = (m as unknown as Record<string, (p: Record<string, unknown>) => string>)[key];
	return message({
		...params,
		...(typeof params.total === 'number'
			? { total: new Intl.NumberFormat(getLocale()).format(params.total) }
			: {}),
		sources: new Intl.ListFormat(getLocale(), { type: 'disjunction' }).format(sources)
	});
}

/** A domain refusal in the page's language; `fallback` (the server's English text) when the key is unknown. */
export function translate(ref: MessageRef, fallback?: string): string {
	const message = (
		REFUSALS as unknown as Record<string, ((params: Record<string, unknown>) => string) | undefined>
	)[ref.key];
	if (typeof message !== 'function') return fallback ?? ref.key;
	const params: Record<string, unknown> = { ...ref.params };
	if (typeof params.operation === 'string') params.operation = operationLabel(params.operation);
	if (typeof params.role === 'string') params.role = roleLabel(params.role);
	if (typeof params.meaning === 'string') params.meaning = meaningLabel(params.meaning);
	if (typeof params.source === 'string') params.source = sourceLabel(params.source);
	if (typeof params.kind === 'string') params.kind = kindLabel(params.kind);
	const text = message(params);
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export type { ErrorBody };

/** A workflow (or timed rule) problem in the page's language; problems without a catalogue key keep their English text. */
export const problemText = (problem: { message: string; i18n?: MessageRef }) =>
	problem.i18n ? translate(problem.i18n, problem.message) : problem.message;

/** The text of an error the server answered (REST or a socket ack): its catalogue message, else the English one. */
export function errorText(error: ErrorBody | null | undefined): string {
	if (!error) return m.refusal_failed();
	// Every rule that refused (a move names them all), each in the page's language.
	if (error.reasons && error.reasons.length > 1) return error.reasons.map(reasonText).join(' · ');
	const ref = (error.details as { i18n?: MessageRef } | undefined)?.i18n;
	if (ref) return translate(ref, error.message);
	if (error.code === 'timeout') return m.refusal_timeout();
	if (error.code === 'too_many_requests') return m.refusal_too_many_requests();
	if (error.code === 'unauthorized') return m.refusal_session_ended();
	return error.message || m.refusal_failed();
}

/** One reason of a refusal (`error.reasons[i]`) in the page's language: its catalogue message, else its English text. */
export const reasonText = (reason: RefusalReason) =>
	reason.i18n ? translate(reason.i18n as MessageRef, reason.message) : reason.message;

/**
 * Every reason a refusal gives, in the page's language: `error.reasons` (each rule that refused, in the chain's
 * order) when the server lists them, else the error's own text.
 */
export function refusalLines(error: ErrorBody | null | undefined): string[] {
	const reasons = (
		error as { reasons?: { message: string; i18n?: MessageRef }[] } | null | undefined
	)?.reasons;
	if (!Array.isArray(reasons) || reasons.length === 0) return [errorText(error)];
	return reasons.map((reason) =>
		reason.i18n ? translate(reason.i18n, reason.message) : reason.message
	);
}
