import { describe, expect, it } from 'vitest';
import { projectJob, type JobCard, type JobRecord } from './job-view';
import type { Viewer } from './scope';

const card: JobCard = {
	id: 7,
	orderId: 3,
	orderNumber: 1042,
	workflowId: 1,
	productId: 2,
	productName: 'Flyers A5',
	title: 'Flyers for the fair',
	quantity: 500,
	stageId: 11,
	phase: 'in_production',
	contractorId: 40,
	contractorName: 'Cora Contractor',
	version: 4,
	enteredStageAt: '2026-11-20T08:00:00.000Z',
	rank: 'a0',
	dueAt: null,
	plannedIssueAt: null,
	customerName: 'Acme Ltd',
	stateId: 1,
	paymentStatus: 'paid',
	managerId: 9,
	departmentId: 2,
	linkedOrderCount: 1,
	eta: { likely: '2026-11-24T10:00:00.000Z', late: '2026-11-25T10:00:00.000Z', basis: 12 }
};

const user = (role: 'admin' | 'manager' | 'staff' | 'contractor'): Viewer => ({
	kind: 'user',
	id: 1,
	name: 'U',
	role,
	ownOrdersOnly: false,
	allowedStageIds: null
});
const BASE = [
	'id',
	'orderId',
	'orderNumber',
	'workflowId',
	'productId',
	'productName',
	'title',
	'quantity',
	'stageId',
	'phase',
	'contractorId',
	'version',
	'enteredStageAt',
	'rank',
	'dueAt',
	'plannedIssueAt'
];

/** Everything the card shows: what admins and staff alike get. */
const STAFF = [
	...BASE,
	'stateId',
	'eta',
	'contractorName',
	'customerName',
	'paymentStatus',
	'managerId',
	'linkedOrderCount'
];

describe('projectJob', () => {
	it.each([
		['an admin', user('admin'), STAFF],
		['a press operator', user('staff'), STAFF],
		[
			'a wall display',
			{ kind: 'display', linkId: 1, workflowId: 1, departmentIds: null } satisfies Viewer,
			[...BASE, 'stateId', 'eta', 'contractorName', 'customerName']
		],
		['a contractor', user('contractor'), [...BASE, 'stateId', 'eta']]
	])('gives %s exactly its fields, with the card’s values', (_, viewer, fields) => {
		const view = projectJob(viewer, card);
		expect(Object.keys(view).sort()).toEqual([...fields].sort());
		for (const field of fields)
			expect(view[field as keyof JobCard]).toBe(card[field as keyof JobCard]);
	});

	it('never gives a contractor the customer, money or the manager', () => {
		const view = projectJob(user('contractor'), card);
		for (const field of [
			'customerName',
			'paymentStatus',
			'managerId',
			'contractorName',
			'linkedOrderCount',
			'departmentId'
		])
			expect(view).not.toHaveProperty(field);
	});

	it('leaves the names a bare job record lacks out of the JSON', () => {
		const {
			productName: _p,
			contractorName: _c,
			customerName: _n,
			paymentStatus: _s,
			linkedOrderCount: _l,
			stateId: _t,
			...record
		} = card;
		const json = JSON.parse(JSON.stringify(projectJob(user('admin'), record as JobRecord)));
		expect(json).not.toHaveProperty('productName');
		expect(json).not.toHaveProperty('customerName');
		expect(json.id).toBe(7);
		expect(json.managerId).toBe(9);
	});

	it('refuses tracking viewers, who get the external order view', () => {
		expect(() => projectJob({ kind: 'tracking', orderId: 3 }, card)).toThrow();
	});
});
