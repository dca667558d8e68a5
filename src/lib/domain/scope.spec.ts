import { describe, expect, it } from 'vitest';
import {
	audienceOf,
	canSeeJob,
	canSeeOrder,
	intersectScopes,
	isActor,
	jobScope,
	matchesScope,
	seesEverything,
	type JobScopeFacts,
	type Viewer
} from './scope';

const admin: Viewer = {
	kind: 'user',
	id: 1,
	name: 'Ada',
	role: 'admin',
	ownOrdersOnly: false,
	allowedStageIds: null
};
const manager: Viewer = {
	kind: 'user',
	id: 2,
	name: 'Max',
	role: 'manager',
	ownOrdersOnly: false,
	allowedStageIds: null
};
const ownManager: Viewer = {
	kind: 'user',
	id: 3,
	name: 'Mia',
	role: 'manager',
	ownOrdersOnly: true,
	allowedStageIds: null
};
const staff: Viewer = {
	kind: 'user',
	id: 4,
	name: 'Pat',
	role: 'staff',
	ownOrdersOnly: false,
	allowedStageIds: new Set([10])
};
const contractorA: Viewer = {
	kind: 'user',
	id: 5,
	name: 'Cora',
	role: 'contractor',
	ownOrdersOnly: false,
	allowedStageIds: null
};
const contractorB: Viewer = {
	kind: 'user',
	id: 6,
	name: 'Ben',
	role: 'contractor',
	ownOrdersOnly: false,
	allowedStageIds: null
};
const display: Viewer = { kind: 'display', linkId: 1, workflowId: 1, departmentIds: null };
const pressDisplay: Viewer = { kind: 'display', linkId: 2, workflowId: 1, departmentIds: [20] };
const tracking: Viewer = { kind: 'tracking', orderId: 100 };
const rule: Viewer = { kind: 'rule', id: 1, name: 'Shipped → Delivered' };
/** Contractor A as an own-orders manager (3) previews it, and as an admin (who sees everything) does. */
const ownPreview: Viewer = {
	kind: 'preview',
	contractorId: 5,
	name: 'Cora',
	within: jobScope(ownManager)
};
const adminPreview: Viewer = {
	kind: 'preview',
	contractorId: 5,
	name: 'Cora',
	within: jobScope(admin)
};

const job = (overrides: Partial<JobScopeFacts> = {}): JobScopeFacts => ({
	orderId: 100,
	workflowId: 1,
	contractorId: 5,
	managerId: 3,
	departmentId: 20,
	onBoard: true,
	...overrides
});

// viewer × job → visible? One row per case, so a change in the rules shows up as a failing row.
const table: [string, Viewer, JobScopeFacts, boolean][] = [
	['admin sees any job', admin, job(), true],
	['admin sees a draft job', admin, job({ onBoard: false }), true],
	['manager (all orders) sees another manager’s order', manager, job({ managerId: 3 }), true],
	['own-orders manager sees own order', ownManager, job({ managerId: 3 }), true],
	[
		'own-orders manager does not see another manager’s order',
		ownManager,
		job({ managerId: 2 }),
		false
	],
	[
		'own-orders manager does not see an order without manager',
		ownManager,
		job({ managerId: null }),
		false
	],
	[
		'staff sees every board job whatever stage it may move into',
		staff,
		job({ departmentId: 99 }),
		true
	],
	['contractor sees own job', contractorA, job(), true],
	['contractor does not see another contractor’s job', contractorB, job(), false],
	['contractor does not see an unassigned job', contractorA, job({ contractorId: null }), false],
	['contractor does not see own job of a draft order', contractorA, job({ onBoard: false }), false],
	['display sees its workflow', display, job(), true],
	['display does not see another workflow', display, job({ workflowId: 2 }), false],
	['display does not see a draft', display, job({ onBoard: false }), false],
	['department display sees its department', pressDisplay, job({ departmentId: 20 }), true],
	[
		'department display does not see another department',
		pressDisplay,
		job({ departmentId: 21 }),
		false
	],
	[
		'department display does not see a job without department',
		pressDisplay,
		job({ departmentId: null }),
		false
	],
	['tracking sees its order', tracking, job(), true],
	['tracking does not see another order', tracking, job({ orderId: 101 }), false],
	['tracking does not see a draft', tracking, job({ onBoard: false }), false],
	['a timed rule sees every job', rule, job({ contractorId: null, managerId: null }), true],
	[
		'an own-orders manager’s preview sees the contractor’s job of its own order',
		ownPreview,
		job(),
		true
	],
	[
		'an own-orders manager’s preview does not see the contractor’s job of another manager’s order',
		ownPreview,
		job({ managerId: 2 }),
		false
	],
	[
		'an own-orders manager’s preview does not see its own order’s job of another contractor',
		ownPreview,
		job({ contractorId: 6 }),
		false
	],
	['a preview does not see a draft', ownPreview, job({ onBoard: false }), false],
	['an admin’s preview sees what the contractor sees', adminPreview, job({ managerId: 2 }), true],
	[
		'an admin’s preview does not see another contractor’s job',
		adminPreview,
		job({ contractorId: 6 }),
		false
	]
];

describe('canSeeJob', () => {
	it.each(table)('%s', (_name, viewer, facts, visible) => {
		expect(canSeeJob(viewer, facts)).toBe(visible);
	});
});

describe('canSeeOrder', () => {
	const order = { id: 100, managerId: 3, isDraft: false };
	it('lets a contractor see an order only through a job of its own', () => {
		expect(canSeeOrder(contractorA, order, [job()])).toBe(true);
		expect(canSeeOrder(contractorB, order, [job()])).toBe(false);
		expect(canSeeOrder(contractorA, order, [])).toBe(false);
	});

	it('lets an own-orders manager see its own orders, even without jobs, and nobody else’s', () => {
		expect(canSeeOrder(ownManager, order, [])).toBe(true);
		expect(canSeeOrder(ownManager, { ...order, managerId: 2 }, [job({ managerId: 2 })])).toBe(
			false
		);
	});

	it('hides a draft order from its tracking page', () => {
		expect(canSeeOrder(tracking, { ...order, isDraft: true }, [job({ onBoard: false })])).toBe(
			false
		);
		expect(canSeeOrder(tracking, order, [job()])).toBe(true);
	});
});

describe('rooms', () => {
	it('puts only unrestricted viewers in the shared board room', () => {
		expect([admin, manager, staff, rule].every(seesEverything)).toBe(true);
		expect([ownManager, contractorA, display, tracking].some(seesEverything)).toBe(false);
		expect(jobScope(contractorA)).toEqual({ contractorId: 5, onBoardOnly: true });
	});
});

describe('previews', () => {
	it('are read-only viewers that receive the contractor’s projection', () => {
		expect(isActor(ownPreview)).toBe(false);
		expect(audienceOf(ownPreview)).toBe('contractor');
		expect(jobScope(ownPreview)).toEqual({ contractorId: 5, managerId: 3, onBoardOnly: true });
		expect(jobScope(adminPreview)).toEqual(jobScope(contractorA));
	});
});

describe('intersectScopes', () => {
	it('lets through only what both scopes let through', () => {
		expect(intersectScopes({ contractorId: 5 }, { managerId: 3 })).toEqual({
			contractorId: 5,
			managerId: 3
		});
		expect(
			intersectScopes({ departmentIds: [1, 2] }, { departmentIds: [2, 3], onBoardOnly: true })
		).toEqual({ departmentIds: [2], onBoardOnly: true });
		expect(intersectScopes({}, {})).toEqual({});
	});

	it('matches nothing when the two ask for different values of one field', () => {
		const none = intersectScopes({ managerId: 3 }, { managerId: 2 });
		for (const facts of [
			job(),
			job({ managerId: 2 }),
			job({ managerId: 3 }),
			job({ departmentId: null })
		])
			expect(matchesScope(none, facts)).toBe(false);
	});
});
