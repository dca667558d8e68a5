/**
 * The demo shop's three workflows and their stages (business cards, large format, books), sharing the stages every
 * print job passes at its start and end. demo.ts turns them into rows.
 */
import type { MeaningColumn } from '../db/schema';
import type { DepartmentKey } from './demo-data';

/** What customers read in Czech and Russian for each external stage name: the template's names. */
export { TEMPLATE_EXTERNAL_NAMES as EXTERNAL_NAME_TRANSLATIONS } from '../../domain/workflow-template';

/** [internal name, external name, meaning, department, colour, icon, description, extras]. */
type StageRow = [
	string,
	string,
	MeaningColumn,
	DepartmentKey,
	string,
	string,
	string,
	StageExtras?
];
export interface StageExtras {
	wipLimit?: number;
	wipEnforced?: boolean;
	notify?: boolean;
	/** A side track (waiting, defect, return, cancel): jobs only land here now and then. */
	side?: boolean;
	/** Where a line moves when the customer approves its proof on the tracking page (docs/files.md). */
	proofApproved?: boolean;
	/** Where it moves back when the customer asks for changes to the proof. */
	proofChanges?: boolean;
}

export type WorkflowKey = 'cards' | 'large' | 'books';

export interface WorkflowData {
	key: WorkflowKey;
	name: string;
	description: string;
	isDefault: boolean;
	stages: StageRow[];
}

const PLACED: StageRow = [
	'Placed',
	'Order received',
	'received',
	'prepress',
	'#64748b',
	'inbox',
	'New order, not yet checked.',
	{ notify: true }
];
const AWAITING_PAYMENT: StageRow = [
	'Awaiting payment',
	'Awaiting payment',
	'none',
	'prepress',
	'#eab308',
	'credit-card',
	'Waiting for the customer to pay before production starts.',
	{ side: true }
];
const SHIPPED: StageRow = [
	'Shipped',
	'Shipped',
	'shipped',
	'shipping',
	'#0891b2',
	'truck',
	'Handed to the carrier or our own van.',
	{ notify: true }
];
const PICKUP: StageRow = [
	'Delivered to pickup point',
	'Ready for pickup',
	'none',
	'shipping',
	'#14b8a6',
	'map-pin',
	'Waiting at the pickup point or our counter.',
	{ notify: true }
];
const RETURNED: StageRow = [
	'Returned',
	'Returned',
	'none',
	'shipping',
	'#f97316',
	'undo-2',
	'Not collected or sent back by the customer.',
	{ side: true }
];
const ISSUED: StageRow = [
	'Issued',
	'Completed',
	'completed',
	'shipping',
	'#16a34a',
	'package-check',
	'Collected by or delivered to the customer.'
];
const CANCELLED: StageRow = [
	'Cancelled',
	'Cancelled',
	'cancelled',
	'shipping',
	'#6b7280',
	'ban',
	'Cancelled by the customer or the shop.',
	{ side: true }
];
const DEFECT: StageRow = [
	'Printed with defect',
	'In production',
	'none',
	'press',
	'#dc2626',
	'triangle-alert',
	'Print failed inspection; reprint or refund to decide.',
	{ side: true }
];

/** The prepress stages the workflows share, each described for its product. */
const prepressCheck = (description: string): StageRow => [
	'Prepress check',
	'In preparation',
	'none',
	'prepress',
	'#8b5cf6',
	'file-search',
	description
];
const proofSent = (description: string): StageRow => [
	'Proof sent',
	'In preparation',
	'none',
	'prepress',
	'#a855f7',
	'send',
	description,
	{ proofChanges: true }
];
const proofApproved = (description: string): StageRow => [
	'Proof approved',
	'In preparation',
	'none',
	'prepress',
	'#7c3aed',
	'file-check',
	description,
	{ proofApproved: true }
];

export const WORKFLOWS: WorkflowData[] = [
	{
		key: 'cards',
		name: 'Business cards',
		description:
			'Digital print on 350 g card, guillotine cut, boxed. Payment before production for web orders.',
		isDefault: true,
		stages: [
			PLACED,
			AWAITING_PAYMENT,
			prepressCheck('Check bleed, fonts and resolution.'),
			proofApproved('Customer approved the digital proof.'),
			[
				'Digital press',
				'In production',
				'in_production',
				'press',
				'#2563eb',
				'printer',
				'HP Indigo 7K.',
				{ wipLimit: 8, wipEnforced: true }
			],
			DEFECT,
			[
				'Cutting & boxing',
				'In production',
				'none',
				'finishing',
				'#d97706',
				'scissors',
				'Guillotine, corner rounding, boxes of 250.'
			],
			SHIPPED,
			PICKUP,
			RETURNED,
			ISSUED,
			CANCELLED
		]
	},
	{
		key: 'large',
		name: 'Large format',
		description:
			'Banners, roll-ups and posters on the wide-format printer, laminated and mounted in-house.',
		isDefault: false,
		stages: [
			PLACED,
			AWAITING_PAYMENT,
			[
				'File check',
				'In preparation',
				'none',
				'prepress',
				'#8b5cf6',
				'file-search',
				'Check size, resolution and colour profile.'
			],
			proofSent('Waiting for the customer to approve the proof.'),
			[
				'Wide-format print',
				'In production',
				'in_production',
				'press',
				'#2563eb',
				'printer',
				'Roland TrueVIS, 1.6 m.',
				{ wipLimit: 4 }
			],
			[
				'Laminating',
				'In production',
				'none',
				'finishing',
				'#f59e0b',
				'layers',
				'Matt or gloss cold lamination.'
			],
			[
				'Mounting & eyelets',
				'In production',
				'none',
				'finishing',
				'#d97706',
				'hammer',
				'Foam board mounting, hems and eyelets.'
			],
			SHIPPED,
			PICKUP,
			ISSUED,
			CANCELLED
		]
	},
	{
		key: 'books',
		name: 'Books',
		description:
			'Short-run books: offset-printed blocks, perfect or case binding, trimmed three sides.',
		isDefault: false,
		stages: [
			PLACED,
			prepressCheck('Imposition, fonts, spine width.'),
			proofSent('Printed proof sent to the author.'),
			proofApproved('Proof signed off, plates can be made.'),
			[
				'Offset press',
				'In production',
				'in_production',
				'press',
				'#1d4ed8',
				'printer',
				'Heidelberg SM 52, four colours.',
				{ wipLimit: 5 }
			],
			DEFECT,
			[
				'Binding',
				'In production',
				'none',
				'finishing',
				'#f59e0b',
				'book-open',
				'Perfect binding or case binding.'
			],
			[
				'Trimming',
				'In production',
				'none',
				'finishing',
				'#d97706',
				'scissors',
				'Three-knife trimmer.'
			],
			SHIPPED,
			ISSUED,
			CANCELLED
		]
	}
];
