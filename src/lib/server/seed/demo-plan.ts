/**
 * Pure planning of the demo shop's orders and jobs: which stage each job sits in, how it got there and when.
 * No I/O: demo.ts looks up ids, calls {@link planOrders} and writes the plan.
 */
import type { PaymentStatus } from '../db/schema';
import { orderPhase, phaseAfterEntering, type Phase, type StageMeaning } from '../../domain/phase';
import type { PresetStateKey } from '../../domain/operations';
import {
	PRODUCTS,
	SOURCES,
	TITLES,
	type ContractorKey,
	type DepartmentKey,
	type ProductData,
	type UserKey
} from './demo-data';
import type { WorkflowKey } from './demo-workflows';

const MINUTE = 60_000;
const DAY = 86_400_000;
const COMMISSIONED = 37;
const DRAFTS = 3;

/** A small seeded PRNG (mulberry32): the demo is the same on every start. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface StageInfo {
	id: number;
	name: string;
	meaning: StageMeaning;
	department: DepartmentKey;
	side: boolean;
	wipLimit: number | null;
	wipEnforced: boolean;
}

export interface WorkflowInfo {
	key: WorkflowKey;
	id: number;
	stages: StageInfo[];
	/** The stages a job normally passes, in order (no waiting, defect, return or cancel stages). */
	main: StageInfo[];
	byName: Map<string, StageInfo>;
}

export type Mover = UserKey | 'system';

export interface StepPlan {
	from: StageInfo | null;
	to: StageInfo;
	fromPhase: Phase | null;
	toPhase: Phase;
	at: Date;
	by: Mover;
}

export interface JobPlan {
	product: ProductData;
	title: string;
	quantity: number;
	stage: StageInfo | null;
	phase: Phase;
	contractor: ContractorKey | null;
	enteredAt: Date;
	version: number;
	/** The stages it passed: the first is its entry into the workflow (the 'created' event). */
	steps: StepPlan[];
	/** Fixed entry time (scenario jobs that show timed rules). */
	fixedAt?: Date;
}

export interface OrderPlan {
	customer: number;
	manager: 'manager' | 'manager2';
	source: string;
	state: PresetStateKey;
	payment: PaymentStatus;
	orderDate: Date | null;
	createdAt: Date;
	updatedAt: Date;
	dueAt: Date | null;
	issueDate: Date | null;
	externalNumber: string | null;
	notes: string;
	phase: Phase;
	jobs: JobPlan[];
	/** Index of an earlier order this one is linked to. */
	linkedTo: number | null;
}

/** Jobs placed on purpose so that the timed rules have something due or warned about on the first start. */
const SCENARIOS: { product: string; stage: string; daysAgo: number }[] = [
	{ product: 'cards', stage: 'Shipped', daysAgo: 35 }, // 5 weeks: due (4 weeks)
	{ product: 'rollup', stage: 'Shipped', daysAgo: 24.5 }, // 3.5 weeks: warned
	{ product: 'flyers', stage: 'Placed', daysAgo: 16 }, // due (2 weeks)
	{ product: 'cards-premium', stage: 'Awaiting payment', daysAgo: 30 }, // due (4 weeks)
	{ product: 'cards', stage: 'Returned', daysAgo: 16 }, // due (2 weeks)
	{ product: 'paperback', stage: 'Printed with defect', daysAgo: 9 },
	{ product: 'banner', stage: 'Delivered to pickup point', daysAgo: 20 }
];

export function planOrders(
	workflows: ReadonlyMap<WorkflowKey, WorkflowInfo>,
	registrars: readonly (UserKey | null)[],
	now: Date,
	random: () => number
): OrderPlan[] {
	const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const minute = (t: number) => new Date(Math.floor(t / MINUTE) * MINUTE);
	const totalWeight = PRODUCTS.reduce((sum, p) => sum + p.weight, 0);
	const pickProduct = () => {
		let x = random() * totalWeight;
		return PRODUCTS.find((p) => (x -= p.weight) < 0) ?? PRODUCTS[0]!;
	};
	const wf = (p: ProductData) => workflows.get(p.workflow)!;

	const newJob = (product: ProductData): JobPlan => {
		return {
			product,
			title: pick(TITLES[product.key]!),
			quantity: pick(product.quantities),
			stage: null,
			phase: 'draft',
			contractor: product.contractors.length === 1 ? product.contractors[0]! : null,
			enteredAt: now,
			version: 1,
			steps: []
		};
	};

	// Commissioned orders, oldest first, so order numbers follow order dates.
	const orders: OrderPlan[] = [];
	const progress: number[] = [];
	for (let i = 0; i < COMMISSIONED + DRAFTS; i++) {
		const draft = i >= COMMISSIONED;
		const ageDays = draft
			? 0.5 + random() * 4
			: Math.max(0.2, 42 * (1 - i / COMMISSIONED) - random() * 1.2);
		const at = minute(now.getTime() - ageDays * DAY);
		const customer = int(0, registrars.length - 1);
		const registrar = registrars[customer];
		const source = draft ? pick(['phone', 'panel', 'panel']) : pick(SOURCES);
		orders.push({
			customer,
			manager:
				registrar === 'manager' || registrar === 'manager2'
					? registrar
					: pick(['manager', 'manager2'] as const),
			source,
			state: 'sale',
			payment: 'unpaid',
			orderDate: draft ? null : at,
			createdAt: draft ? at : minute(at.getTime() - int(0, 90) * MINUTE),
			updatedAt: at,
			dueAt: random() < 0.85 ? minute(at.getTime() + int(7, 21) * DAY) : null,
			issueDate: null,
			externalNumber:
				source === 'api' || (source === 'panel' && random() < 0.3) ? `ERP-${55012 + i * 7}` : null,
			notes: '',
			phase: 'draft',
			jobs: Array.from({ length: pick([1, 1, 2, 2, 2, 3, 3, 3, 4, 4]) }, () =>
				newJob(pickProduct())
			),
			linkedTo: null
		});
		progress.push(Math.min(1, Math.max(0, ageDays / 40 + (random() - 0.5) * 0.4)));
	}
	const commissioned = orders.slice(0, COMMISSIONED);
	const used = new Set<OrderPlan>();

	// Scenario jobs: the youngest free order old enough gets the job as its first line.
	for (const s of SCENARIOS) {
		const product = PRODUCTS.find((p) => p.key === s.product)!;
		const at = minute(now.getTime() - s.daysAgo * DAY);
		const order = [...commissioned].reverse().find((o) => !used.has(o) && o.orderDate! <= at)!;
		used.add(order);
		if (s.stage === 'Placed') order.orderDate = at;
		const job = newJob(product);
		job.stage = wf(product).byName.get(s.stage)!;
		job.fixedAt = at;
		order.jobs[0] = job;
		if (s.stage === 'Printed with defect')
			order.notes = 'Colour shift on the cover; reprint agreed with the customer.';
	}

	// Two cancelled orders, then the other lines by the order's progress, a few on a side track.
	const free = () => commissioned.filter((o) => !used.has(o));
	const cancelledOrders = [pick(free().slice(0, 15)), pick(free().slice(20))];
	for (const o of cancelledOrders) used.add(o);
	const wip = new Map<number, number>();
	commissioned.forEach((order, i) => {
		for (const job of order.jobs) {
			const w = wf(job.product);
			if (job.stage) continue;
			if (cancelledOrders.includes(order)) {
				job.stage = w.byName.get('Cancelled')!;
				continue;
			}
			// Orders far enough along are complete as a whole; the others spread around their progress.
			const last = w.main.length - 1;
			let k =
				progress[i]! >= 0.8
					? last
					: Math.min(last, Math.max(0, Math.round(progress[i]! * last) + int(-1, 1)));
			while ((wip.get(w.main[k]!.id) ?? 0) >= capacity(w.main[k]!)) k++;
			job.stage = w.main[k]!;
			const side = random();
			if (side < 0.06 && k <= 2 && w.byName.has('Awaiting payment'))
				job.stage = w.byName.get('Awaiting payment')!;
			else if (side > 0.97 && k >= 5) job.stage = w.byName.get('Cancelled')!;
			wip.set(job.stage.id, (wip.get(job.stage.id) ?? 0) + 1);
		}
	});
	// No empty columns on the main path, and a busy press: borrow jobs from the fullest column of the workflow.
	const movable = free().flatMap((o) => o.jobs);
	const wanted = (s: StageInfo) => (s.meaning === 'in_production' ? Math.min(4, capacity(s)) : 1);
	for (const w of workflows.values()) {
		for (const stage of w.main) {
			while ((wip.get(stage.id) ?? 0) < wanted(stage)) {
				const fullest = w.main
					.filter((s) => s !== stage)
					.reduce((a, b) => ((wip.get(b.id) ?? 0) > (wip.get(a.id) ?? 0) ? b : a));
				const job = movable.find((j) => j.stage === fullest);
				if (!job || (wip.get(fullest.id) ?? 0) < 3) break;
				job.stage = stage;
				wip.set(fullest.id, wip.get(fullest.id)! - 1);
				wip.set(stage.id, (wip.get(stage.id) ?? 0) + 1);
			}
		}
	}

	// How each job got there: steps through the main path, with times between the order date and its entry.
	for (const order of commissioned) {
		const orderDate = order.orderDate!;
		for (const job of order.jobs) {
			const w = wf(job.product);
			const stage = job.stage!;
			const path = pathTo(w, stage, () => int(0, 3));
			const last =
				job.fixedAt ??
				(path.length === 1
					? orderDate
					: minute(
							orderDate.getTime() +
								(now.getTime() - orderDate.getTime()) * (0.25 + 0.7 * random()) +
								5 * MINUTE
						));
			const fractions = path.map(() => random()).sort((a, b) => a - b);
			let phase: Phase = 'draft';
			job.steps = path.map((to, s) => {
				const at =
					s === 0
						? orderDate
						: s === path.length - 1
							? last
							: minute(
									orderDate.getTime() + (last.getTime() - orderDate.getTime()) * fractions[s]!
								);
				const from = s === 0 ? null : path[s - 1]!;
				const fromPhase = s === 0 ? null : phase;
				phase = phaseAfterEntering(phase, to.meaning);
				return { from, to, fromPhase, toPhase: phase, at, by: moverFor(order, job, s, to) };
			});
			if (job.product.contractors.length > 1) job.contractor = pick(job.product.contractors);
			job.phase = phase;
			job.enteredAt = last;
			job.version = path.length + (job.product.contractors.length > 1 ? 1 : 0);
		}
	}

	// Order states, payments, dates derived from the jobs.
	const candidates = free().filter((o) =>
		o.jobs.some((j) => j.phase === 'received' || j.phase === 'in_production')
	);
	for (const [state, count] of [
		['on_hold', 3],
		['layaway', 2]
	] as const) {
		for (let n = 0; n < count; n++) {
			const o = pick(candidates.filter((c) => c.state === 'sale')) as OrderPlan | undefined;
			if (o) o.state = state;
		}
	}
	orders[COMMISSIONED]!.state = 'quote';
	orders[COMMISSIONED + 1]!.state = 'quote';
	for (const order of orders) {
		order.phase = orderPhase(order.jobs.map((j) => j.phase));
		const times = order.jobs.map((j) => j.enteredAt.getTime());
		if (order.orderDate) order.updatedAt = new Date(Math.max(...times));
		else for (const job of order.jobs) job.enteredAt = order.createdAt;
		if (order.phase === 'completed') {
			order.issueDate = new Date(
				Math.max(
					...order.jobs.filter((j) => j.phase === 'completed').map((j) => j.enteredAt.getTime())
				)
			);
		}
		order.payment = paymentFor(order, random);
	}

	// Linked orders: a follow-up to the order with the defect, and a quote to repeat a completed order.
	const defect = commissioned.findIndex((o) =>
		o.jobs.some((j) => j.stage?.name === 'Printed with defect')
	);
	const followUp = commissioned.length - 1;
	linkOrders(orders, followUp, defect, `Follow-up to order #NUMBER: replacement covers.`);
	const completed = commissioned.findIndex((o) => o.phase === 'completed');
	if (completed >= 0)
		linkOrders(orders, COMMISSIONED, completed, 'Quote to repeat order #NUMBER with new prices.');
	return orders;
}

/** How many jobs the demo puts in a column: a soft WIP limit is exceeded by one, to show how that looks. */
function capacity(stage: StageInfo): number {
	return stage.wipLimit === null ? Infinity : stage.wipLimit + (stage.wipEnforced ? 0 : 1);
}

function linkOrders(orders: OrderPlan[], from: number, to: number, notes: string): void {
	if (from < 0 || to < 0 || from === to) return;
	const order = orders[from]!;
	order.linkedTo = to;
	order.customer = orders[to]!.customer;
	order.notes = notes; // #NUMBER is filled in by demo.ts once numbers are known
}

function pathTo(w: WorkflowInfo, stage: StageInfo, cancelAt: () => number): StageInfo[] {
	const upTo = (name: string | null, k?: number) =>
		w.main.slice(0, name ? w.main.findIndex((s) => s.name === name) + 1 : (k ?? 0) + 1);
	switch (stage.name) {
		case 'Awaiting payment':
			return [w.main[0]!, stage];
		case 'Printed with defect':
			return [...upTo(w.main.find((s) => s.meaning === 'in_production')!.name), stage];
		case 'Returned':
			return [...upTo('Delivered to pickup point'), stage];
		case 'Cancelled':
			return [...upTo(null, cancelAt()), stage];
		default:
			return upTo(stage.name);
	}
}

function moverFor(order: OrderPlan, job: JobPlan, step: number, to: StageInfo): Mover {
	if (step === 0)
		return order.source === 'panel' || order.source === 'phone' ? order.manager : 'system';
	if (job.contractor && (to.department === 'press' || to.department === 'finishing'))
		return job.contractor;
	if (to.department === 'press') return 'press';
	return order.manager;
}

function paymentFor(order: OrderPlan, random: () => number): PaymentStatus {
	if (!order.orderDate) return 'unpaid';
	if (order.phase === 'cancelled') return random() < 0.5 ? 'refunded' : 'unpaid';
	if (order.jobs.some((j) => j.stage?.name === 'Awaiting payment')) return 'unpaid';
	if (order.phase === 'completed' || order.phase === 'shipped') return 'paid';
	if (order.state === 'layaway') return 'partially_paid';
	const x = random();
	return x < 0.55 ? 'paid' : x < 0.8 ? 'unpaid' : 'partially_paid';
}
