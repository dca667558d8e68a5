import { describe, expect, it } from 'vitest';
import {
	contractorsForViewer,
	eligibleForViewer,
	filtersForViewer,
	notificationKinds,
	projectHistory,
	projectOrder,
	projectOrderRow,
	searchFields,
	type OrderRow,
	type OrderView
} from './order-view';
import type { Viewer } from './scope';

const order: OrderView = {
	id: 3,
	number: 1042,
	externalNumber: 'ERP-7',
	source: 'site',
	stateId: 1,
	phase: 'in_production',
	paymentStatus: 'paid',
	orderDate: '2026-11-20T08:00:00.000Z',
	issueDate: null,
	dueAt: '2026-11-30T12:00:00.000Z',
	plannedIssueAt: '2026-11-27T22:59:59.999Z',
	managerId: 9,
	managerName: 'Mona Manager',
	trackingToken: 'secret-tracking-token-abcdef',
	offerToken: 'secret-offer-token-abcdef',
	total: '1519.50',
	notes: 'Call before delivery',
	customer: { id: 4, name: 'Acme Ltd', email: 'buyer@acme.example' },
	kind: 'regular',
	discounts: [{ name: 'Loyalty', amount: '10.00' }],
	linkedOrderIds: [5],
	linkedOrders: [{ id: 5, number: 1043 }]
};

const row: OrderRow = {
	id: 3,
	number: 1042,
	externalNumber: 'ERP-7',
	source: 'site',
	stateId: 1,
	stateName: 'Sale',
	phase: 'in_production',
	paymentStatus: 'paid',
	orderDate: '2026-11-20T08:00:00.000Z',
	dueAt: null,
	plannedIssueAt: null,
	total: '1519.50',
	createdAt: '2026-11-20T08:00:00.000Z',
	customerName: 'Acme Ltd',
	customerEmail: 'buyer@acme.example',
	managerName: 'Max Manager'
};

const user = (role: 'admin' | 'manager' | 'staff' | 'contractor', id = 40): Viewer => ({
	kind: 'user',
	id,
	name: 'U',
	role,
	ownOrdersOnly: false,
	allowedStageIds: null
});
const apiKey: Viewer = { kind: 'api_key', id: 1, name: 'Storefront' };
const preview: Viewer = {
	kind: 'preview',
	contractorId: 40,
	name: 'Cora',
	within: { managerId: 9 }
};
const contractor = user('contractor');

/** Whatever a contractor receives, serialized: no e-mail address, money, manager, token or notes. */
function expectNothingOfTheShop(value: unknown) {
	const json = JSON.stringify(value);
	expect(json).not.toMatch(/@/);
	expect(json).not.toMatch(
		/paymentStatus|"total"|manager|trackingToken|notes|linkedOrder|secret|1519/i
	);
}

describe('projectOrder', () => {
	it.each([
		['an admin', user('admin')],
		['a manager', user('manager')],
		['a press operator', user('staff')],
		['an API key', apiKey]
	])('gives %s the whole order', (_, viewer) => {
		expect(projectOrder(viewer, order)).toEqual(order);
	});

	it.each([
		['a contractor', contractor],
		['a preview of a contractor', preview],
		[
			'a wall display',
			{ kind: 'display', linkId: 1, workflowId: 1, departmentIds: null } satisfies Viewer
		]
	])('gives %s which order it is, for whom and where it stands — nothing more', (_, viewer) => {
		const view = projectOrder(viewer, order);
		expect(Object.keys(view).sort()).toEqual(
			[
				'customer',
				'dueAt',
				'externalNumber',
				'id',
				'issueDate',
				'number',
				'orderDate',
				'phase',
				'plannedIssueAt',
				'source',
				'stateId'
			].sort()
		);
		expect(view.customer).toEqual({ id: 4, name: 'Acme Ltd' });
		expectNothingOfTheShop(view);
	});

	it('is a whitelist: a field added to the order later stays with the shop', () => {
		const view = projectOrder(contractor, { ...order, internalCost: '12.00' } as OrderView);
		expect(view).not.toHaveProperty('internalCost');
	});
});

describe('projectOrderRow, search and filters', () => {
	it('gives staff the whole row and a contractor no e-mail, payment, total or manager', () => {
		expect(projectOrderRow(user('manager'), row)).toEqual(row);
		const view = projectOrderRow(contractor, row);
		expect(view).toMatchObject({ number: 1042, customerName: 'Acme Ltd', stateName: 'Sale' });
		expectNothingOfTheShop(view);
	});

	it('never searches what the viewer may not read', () => {
		expect(searchFields(user('manager'))).toContain('customerEmail');
		expect(searchFields(contractor)).not.toContain('customerEmail');
		expect(searchFields(preview)).not.toContain('customerEmail');
	});

	it('drops the payment and manager filters for a contractor (the rows left would tell)', () => {
		const filters = { q: '1042', payment: 'paid', manager: 9, phase: 'received' };
		expect(filtersForViewer(user('admin'), filters)).toEqual(filters);
		expect(filtersForViewer(contractor, filters)).toEqual({ q: '1042', phase: 'received' });
	});
});

describe('projectHistory', () => {
	const events = [
		{
			id: 1,
			actor: { kind: 'user', id: 9, name: 'Max Manager' },
			reason: '',
			data: { paymentStatus: 'paid', previousManagerId: 8, previousStateId: 1 }
		},
		{
			id: 2,
			actor: { kind: 'user', id: 41, name: 'Ben Contractor' },
			reason: '',
			data: { fromContractorId: 41, toContractorId: 40 }
		},
		{
			id: 3,
			actor: { kind: 'user', id: 40, name: 'Cora Contractor' },
			reason: 'Proof approved',
			data: {}
		},
		{
			id: 4,
			actor: { kind: 'rule', id: 2, name: 'Proof → Printing after 2 days' },
			reason: 'Timed rule',
			data: { reasonI18n: { key: 'reason_timed_rule', params: {} } }
		}
	];

	it('gives staff every event as written', () => {
		expect(projectHistory(user('admin'), events)).toEqual(events);
	});

	it('gives a contractor what happened, naming only itself and rules, with no data but the reason’s message', () => {
		for (const viewer of [contractor, preview]) {
			const view = projectHistory(viewer, events);
			expect(view.map((e) => e.actor.name)).toEqual([
				'',
				'',
				'Cora Contractor',
				'Proof → Printing after 2 days'
			]);
			expect(view.map((e) => e.data)).toEqual([
				{},
				{},
				{},
				{ reasonI18n: { key: 'reason_timed_rule', params: {} } }
			]);
			expect(view[2].reason).toBe('Proof approved');
			expect(JSON.stringify(view)).not.toMatch(
				/paymentStatus|previousManagerId|ContractorId|Max|Ben/
			);
		}
	});
});

describe('people and notifications', () => {
	const people = [
		{ id: 40, name: 'Cora' },
		{ id: 41, name: 'Ben' }
	];

	it('names every contractor to staff and only itself to a contractor', () => {
		expect(contractorsForViewer(user('manager'), people)).toEqual(people);
		expect(contractorsForViewer(contractor, people)).toEqual([{ id: 40, name: 'Cora' }]);
		expect(eligibleForViewer(contractor, [40, 41])).toEqual([40]);
		expect(eligibleForViewer(user('contractor', 41), [40])).toEqual([]);
		expect(eligibleForViewer(user('admin'), [40, 41])).toEqual([40, 41]);
	});

	it('sends a contractor none of the staff’s notification kinds', () => {
		expect(notificationKinds(user('manager'))).toBeNull();
		expect(notificationKinds(contractor)).toEqual([]);
	});
});

describe('projectHistory of order facts', () => {
	it('keeps a staff-only reason (manager, discounts, links) from a contractor', () => {
		const event = {
			actor: { kind: 'user', id: 1, name: 'Ann Admin' },
			reason: 'Manager: Mona Manager',
			data: { reasonI18n: { key: 'reason_manager_set', params: { name: 'Mona Manager' } } }
		};
		const contractor: Viewer = {
			kind: 'user',
			id: 7,
			name: 'Cora',
			role: 'contractor',
			ownOrdersOnly: false,
			allowedStageIds: null
		};
		expect(projectHistory(contractor, [event])).toEqual([
			{ actor: { kind: 'user', id: null, name: '' }, reason: '', data: {} }
		]);
	});
});
