/**
 * Static data of the demo shop ("Inkwell Print Co."): departments, workflows and their stages,
 * products, users, legal texts and customers (the timed rules are the template's: domain/workflow-template.ts).
 * demo.ts turns it into rows.
 */
import type { MeaningColumn, RoleColumn } from '../db/schema';

export const DEMO_PASSWORD = 'floorboard';
export const DEMO_SHOP_NAME = 'Inkwell Print Co.';

export type DepartmentKey = 'prepress' | 'press' | 'finishing' | 'shipping';

export const DEPARTMENTS: { key: DepartmentKey; name: string; color: string }[] = [
	{ key: 'prepress', name: 'Prepress', color: '#6366f1' },
	{ key: 'press', name: 'Press', color: '#0ea5e9' },
	{ key: 'finishing', name: 'Finishing', color: '#f59e0b' },
	{ key: 'shipping', name: 'Shipping', color: '#10b981' }
];

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
			[
				'Prepress check',
				'In preparation',
				'none',
				'prepress',
				'#8b5cf6',
				'file-search',
				'Check bleed, fonts and resolution.'
			],
			[
				'Proof approved',
				'In preparation',
				'none',
				'prepress',
				'#7c3aed',
				'file-check',
				'Customer approved the digital proof.',
				{ proofApproved: true }
			],
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
			[
				'Proof sent',
				'In preparation',
				'none',
				'prepress',
				'#a855f7',
				'send',
				'Waiting for the customer to approve the proof.'
			],
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
			[
				'Prepress check',
				'In preparation',
				'none',
				'prepress',
				'#8b5cf6',
				'file-search',
				'Imposition, fonts, spine width.'
			],
			[
				'Proof sent',
				'In preparation',
				'none',
				'prepress',
				'#a855f7',
				'send',
				'Printed proof sent to the author.',
				{ proofChanges: true }
			],
			[
				'Proof approved',
				'In preparation',
				'none',
				'prepress',
				'#7c3aed',
				'file-check',
				'Proof signed off, plates can be made.',
				{ proofApproved: true }
			],
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

export type ContractorKey = 'a' | 'b';

export interface ProductData {
	key: string;
	name: string;
	workflow: WorkflowKey;
	contractors: ContractorKey[];
	/** Price per piece, in cents. */
	unitCents: number;
	quantities: number[];
	/** Relative frequency among order lines. */
	weight: number;
	/** Working days from the order date to issue. */
	leadTimeDays: number;
}

export const PRODUCTS: ProductData[] = [
	{
		key: 'cards',
		name: 'Business cards, 350 g matt',
		workflow: 'cards',
		contractors: ['a', 'b'],
		unitCents: 12,
		quantities: [250, 500, 1000],
		weight: 5,
		leadTimeDays: 2
	},
	{
		key: 'cards-premium',
		name: 'Business cards, soft-touch with spot UV',
		workflow: 'cards',
		contractors: [],
		unitCents: 31,
		quantities: [250, 500],
		weight: 3,
		leadTimeDays: 4
	},
	{
		key: 'flyers',
		name: 'Flyers A5, 170 g gloss',
		workflow: 'cards',
		contractors: ['a'],
		unitCents: 6,
		quantities: [500, 1000, 2500, 5000],
		weight: 3,
		leadTimeDays: 2
	},
	{
		key: 'banner',
		name: 'PVC banner with eyelets',
		workflow: 'large',
		contractors: [],
		unitCents: 4800,
		quantities: [1, 2, 3],
		weight: 2,
		leadTimeDays: 3
	},
	{
		key: 'rollup',
		name: 'Roll-up banner 85 × 200 cm',
		workflow: 'large',
		contractors: ['b'],
		unitCents: 8900,
		quantities: [1, 2],
		weight: 2,
		leadTimeDays: 3
	},
	{
		key: 'poster',
		name: 'Poster on 5 mm foam board',
		workflow: 'large',
		contractors: [],
		unitCents: 2450,
		quantities: [1, 2, 4, 6],
		weight: 2,
		leadTimeDays: 2
	},
	{
		key: 'paperback',
		name: 'Paperback book, perfect bound',
		workflow: 'books',
		contractors: ['a'],
		unitCents: 640,
		quantities: [25, 50, 100, 200],
		weight: 3,
		leadTimeDays: 8
	},
	{
		key: 'hardcover',
		name: 'Hardcover book, case bound',
		workflow: 'books',
		contractors: [],
		unitCents: 1890,
		quantities: [10, 20, 50],
		weight: 2,
		leadTimeDays: 12
	}
];

export type UserKey = 'admin' | 'manager' | 'manager2' | 'press' | 'a' | 'b';

export const USERS: { key: UserKey; email: string; name: string; role: RoleColumn }[] = [
	{ key: 'admin', email: 'admin@floorboard.test', name: 'Alex Admin', role: 'admin' },
	{ key: 'manager', email: 'manager@floorboard.test', name: 'Maria Novak', role: 'manager' },
	{ key: 'manager2', email: 'manager2@floorboard.test', name: 'Daniel Okafor', role: 'manager' },
	{ key: 'press', email: 'press@floorboard.test', name: 'Pete Harlow', role: 'staff' },
	{
		key: 'a',
		email: 'contractor.a@floorboard.test',
		name: 'Sam Carter (Carter Bindery)',
		role: 'contractor'
	},
	{
		key: 'b',
		email: 'contractor.b@floorboard.test',
		name: 'Jo Lindqvist (Bigprint Studio)',
		role: 'contractor'
	}
];

/** Which departments' stages a restricted user may move jobs into. */
export const ALLOWED_DEPARTMENTS: Partial<Record<UserKey, DepartmentKey[]>> = {
	press: ['press'],
	a: ['press', 'finishing']
};

export const LEGAL_TEXTS: { kind: string; version: string; daysAgo: number; body: string }[] = [
	{
		kind: 'terms',
		version: '1',
		daysAgo: 400,
		body: 'Inkwell Print Co. prints what you send us. Colours may vary slightly from your screen. Payment is due before dispatch unless agreed otherwise.'
	},
	{
		kind: 'terms',
		version: '2',
		daysAgo: 21,
		body: 'Inkwell Print Co. prints what you send us after you approve a proof. Colours may vary slightly from your screen. Payment is due before production for web orders and within 14 days for account customers. Uncollected orders are held for 16 weeks.'
	},
	{
		kind: 'cancellation_policy',
		version: '1',
		daysAgo: 400,
		body: 'You may cancel free of charge until you approve the proof. After printing starts we charge for the work already done. Personalised products cannot be returned.'
	}
];

/** [name, e-mail]; the e-mail domain is always example.com. */
export const CUSTOMERS: [string, string][] = [
	['Olivia Bennett', 'olivia.bennett'],
	['Harbor Street Bakery', 'orders.harborbakery'],
	['Liam O’Connor', 'liam.oconnor'],
	['Greenleaf Dental Clinic', 'office.greenleaf'],
	['Sofia Marques', 'sofia.marques'],
	['Northside Running Club', 'committee.northside'],
	['Ethan Brooks', 'ethan.brooks'],
	['Maple & Oak Realty', 'marketing.mapleoak'],
	['Hannah Schmidt', 'hannah.schmidt'],
	['Blue Door Coffee', 'hello.bluedoor'],
	['Noah Patel', 'noah.patel'],
	['Riverside Community Theatre', 'boxoffice.riverside'],
	['Chloe Dubois', 'chloe.dubois'],
	['Atlas Engineering Ltd', 'procurement.atlas'],
	['Mateo Rossi', 'mateo.rossi'],
	['Willow Yoga Studio', 'studio.willow'],
	['Grace Kim', 'grace.kim'],
	['Fernwood Primary School', 'office.fernwood'],
	['Jack Thompson', 'jack.thompson'],
	['Copperline Brewing', 'events.copperline'],
	['Amelia Novak', 'amelia.novak'],
	['Pine Ridge Publishing', 'production.pineridge'],
	['Lucas Andersen', 'lucas.andersen'],
	['Sunrise Florists', 'shop.sunriseflorists'],
	['Zara Ahmed', 'zara.ahmed'],
	['Kestrel Cycling Co.', 'team.kestrel']
];

/** Job titles, by product. */
export const TITLES: Record<string, string[]> = {
	cards: [
		'Business cards – sales team',
		'Business cards – new logo',
		'Business cards – front desk',
		'Business cards – new hires',
		'Business cards – owner',
		'Appointment cards'
	],
	'cards-premium': [
		'Premium cards – partners',
		'Premium cards – director',
		'Loyalty cards, spot UV',
		'Premium cards – gallery opening'
	],
	flyers: [
		'Spring menu flyers',
		'Grand opening flyers',
		'Open day flyers',
		'Price list flyers',
		'Summer sale flyers',
		'Event programme'
	],
	banner: [
		'Shop front banner',
		'Summer fair banner',
		'Race finish line banner',
		'Fence banner 3 × 1 m'
	],
	rollup: ['Trade show roll-up', 'Reception roll-up', 'Conference roll-up'],
	poster: ['Window posters', 'Menu board poster', 'Exhibition posters', 'Reception wall poster'],
	paperback: [
		'Poetry collection',
		'Club history',
		'Training manual',
		'Novel, 2nd edition',
		'Cookbook'
	],
	hardcover: ['Annual report', 'Yearbook 2026', 'Family history', 'Photo book']
};

export const SOURCES = [
	'site',
	'site',
	'site',
	'app',
	'panel',
	'panel',
	'api',
	'phone',
	'phone'
] as const;
