import type { StageMeaning } from './phase';
import type { RuleDuration } from './timed-rule';

/*
 * The standard print-shop workflow of the source documents (seed 004): its statuses as stages, and the timed rules
 * that move orders along by themselves. One place for both: the demo shop, a new shop's starter workflow and a
 * workflow an admin creates "from the template" all take their rules from here.
 */

/** A default timed rule between two stages named by their internal names. */
export interface DefaultTimedRule {
	from: string;
	to: string;
	after: RuleDuration;
	warnBefore: RuleDuration | null;
}

/**
 * Seed 004: orders move from Placed to Shipped by themselves after 2 weeks; from Shipped to Delivered to pickup
 * point after 4 weeks and on to Issued after 16, each with a warning to admins a week before; Awaiting payment and
 * Printed with defect end Cancelled after 4 weeks, Returned after 2. Editable and switchable off like any rule.
 */
export const DEFAULT_TIMED_RULES: readonly DefaultTimedRule[] = [
	{ from: 'Placed', to: 'Shipped', after: { amount: 2, unit: 'weeks' }, warnBefore: null },
	{
		from: 'Shipped',
		to: 'Delivered to pickup point',
		after: { amount: 4, unit: 'weeks' },
		warnBefore: { amount: 1, unit: 'weeks' }
	},
	{
		from: 'Delivered to pickup point',
		to: 'Issued',
		after: { amount: 16, unit: 'weeks' },
		warnBefore: { amount: 1, unit: 'weeks' }
	},
	{
		from: 'Awaiting payment',
		to: 'Cancelled',
		after: { amount: 4, unit: 'weeks' },
		warnBefore: null
	},
	{
		from: 'Printed with defect',
		to: 'Cancelled',
		after: { amount: 4, unit: 'weeks' },
		warnBefore: null
	},
	{ from: 'Returned', to: 'Cancelled', after: { amount: 2, unit: 'weeks' }, warnBefore: null }
];

/** The default rules a workflow's stages allow: each rule whose two stages it has (by internal name), as ids. */
export function defaultRulesFor(stages: readonly { id: number; internalName: string }[]): {
	fromStageId: number;
	toStageId: number;
	after: RuleDuration;
	warnBefore: RuleDuration | null;
}[] {
	const idOf = new Map(stages.map((stage) => [stage.internalName, stage.id]));
	return DEFAULT_TIMED_RULES.flatMap((rule) => {
		const fromStageId = idOf.get(rule.from);
		const toStageId = idOf.get(rule.to);
		if (fromStageId === undefined || toStageId === undefined) return [];
		return [{ fromStageId, toStageId, after: rule.after, warnBefore: rule.warnBefore }];
	});
}

/** The departments the template's stages sit in (found by name, or created). */
export const TEMPLATE_DEPARTMENTS = [
	{ name: 'Prepress', color: '#6366f1' },
	{ name: 'Press', color: '#0ea5e9' },
	{ name: 'Finishing', color: '#f59e0b' },
	{ name: 'Shipping', color: '#10b981' }
] as const;
export type TemplateDepartment = (typeof TEMPLATE_DEPARTMENTS)[number]['name'];

export interface TemplateStage {
	internalName: string;
	externalName: string;
	meaning: StageMeaning;
	department: TemplateDepartment;
	color: string;
	icon: string;
	description: string;
	notifyCustomer?: boolean;
}

/** What customers read in Czech and Russian for each external (customer-facing) name of the template's stages. */
export const TEMPLATE_EXTERNAL_NAMES: Record<string, { cs: string; ru: string }> = {
	'Order received': { cs: 'Objednávka přijata', ru: 'Заказ принят' },
	'Awaiting payment': { cs: 'Čeká na platbu', ru: 'Ожидает оплаты' },
	'In preparation': { cs: 'V přípravě', ru: 'Подготовка' },
	'In production': { cs: 'Ve výrobě', ru: 'В производстве' },
	Shipped: { cs: 'Odesláno', ru: 'Отправлен' },
	'Ready for pickup': { cs: 'Připraveno k vyzvednutí', ru: 'Готов к выдаче' },
	Returned: { cs: 'Vráceno', ru: 'Возвращён' },
	Completed: { cs: 'Dokončeno', ru: 'Выполнен' },
	Cancelled: { cs: 'Zrušeno', ru: 'Отменён' }
};

/** The standard workflow's name, for a new shop's starter workflow. */
export const TEMPLATE_WORKFLOW = {
	name: 'Print orders',
	description:
		'The usual print-shop statuses with the default timed rules; rename, add or remove stages freely.'
};

/** Seed 004's statuses in board order, with the stages between them that every print job passes. */
export const TEMPLATE_STAGES: readonly TemplateStage[] = [
	{
		internalName: 'Placed',
		externalName: 'Order received',
		meaning: 'received',
		department: 'Prepress',
		color: '#64748b',
		icon: 'inbox',
		description: 'New order, not yet checked.',
		notifyCustomer: true
	},
	{
		internalName: 'Awaiting payment',
		externalName: 'Awaiting payment',
		meaning: 'none',
		department: 'Prepress',
		color: '#eab308',
		icon: 'credit-card',
		description: 'Waiting for the customer to pay before production starts.'
	},
	{
		internalName: 'Prepress check',
		externalName: 'In preparation',
		meaning: 'none',
		department: 'Prepress',
		color: '#8b5cf6',
		icon: 'file-search',
		description: 'Check bleed, fonts and resolution.'
	},
	{
		internalName: 'Printing',
		externalName: 'In production',
		meaning: 'in_production',
		department: 'Press',
		color: '#2563eb',
		icon: 'printer',
		description: 'On the press.'
	},
	{
		internalName: 'Printed with defect',
		externalName: 'In production',
		meaning: 'none',
		department: 'Press',
		color: '#dc2626',
		icon: 'triangle-alert',
		description: 'Print failed inspection; reprint or refund to decide.'
	},
	{
		internalName: 'Finishing',
		externalName: 'In production',
		meaning: 'none',
		department: 'Finishing',
		color: '#d97706',
		icon: 'scissors',
		description: 'Cutting, binding, packing.'
	},
	{
		internalName: 'Shipped',
		externalName: 'Shipped',
		meaning: 'shipped',
		department: 'Shipping',
		color: '#0891b2',
		icon: 'truck',
		description: 'Handed to the carrier or our own van.',
		notifyCustomer: true
	},
	{
		internalName: 'Delivered to pickup point',
		externalName: 'Ready for pickup',
		meaning: 'none',
		department: 'Shipping',
		color: '#14b8a6',
		icon: 'map-pin',
		description: 'Waiting at the pickup point or our counter.',
		notifyCustomer: true
	},
	{
		internalName: 'Returned',
		externalName: 'Returned',
		meaning: 'none',
		department: 'Shipping',
		color: '#f97316',
		icon: 'undo-2',
		description: 'Not collected or sent back by the customer.'
	},
	{
		internalName: 'Issued',
		externalName: 'Completed',
		meaning: 'completed',
		department: 'Shipping',
		color: '#16a34a',
		icon: 'package-check',
		description: 'Collected by or delivered to the customer.'
	},
	{
		internalName: 'Cancelled',
		externalName: 'Cancelled',
		meaning: 'cancelled',
		department: 'Shipping',
		color: '#6b7280',
		icon: 'ban',
		description: 'Cancelled by the customer or the shop.'
	}
];
