import type { Role } from './operations';

/** Who performs an operation. Rules, API keys and the system act with admin rights over every job. */
export type Actor =
	| {
			kind: 'user';
			id: number;
			name: string;
			role: Role;
			ownOrdersOnly: boolean;
			allowedStageIds: ReadonlySet<number> | null;
	  }
	| { kind: 'api_key'; id: number; name: string }
	| { kind: 'rule'; id: number; name: string }
	| { kind: 'system'; name: string };

/** Who looks: any actor, a wall display opened by its link, or a customer's tracking page. */
export type Viewer =
	| Actor
	| { kind: 'display'; linkId: number; workflowId: number; departmentIds: readonly number[] | null }
	| { kind: 'tracking'; orderId: number }
	/**
	 * A manager's or admin's read-only "see as" preview of a contractor: what the contractor sees that the previewer
	 * may see too (`within` is the previewer's own scope), shown as the contractor would see it.
	 */
	| { kind: 'preview'; contractorId: number; name: string; within: JobScope };

/** Which projection of a job or an order a viewer receives. */
export type Audience = 'staff' | 'display' | 'contractor' | 'tracking';

export function audienceOf(viewer: Viewer): Audience {
	switch (viewer.kind) {
		case 'display':
			return 'display';
		case 'tracking':
			return 'tracking';
		case 'preview':
			return 'contractor';
		case 'user':
			return viewer.role === 'contractor' ? 'contractor' : 'staff';
		default:
			return 'staff';
	}
}

/** The person whose own things a viewer sees as theirs (a contractor, or the contractor a preview shows). */
export function selfId(viewer: Viewer): number | null {
	if (viewer.kind === 'user') return viewer.id;
	if (viewer.kind === 'preview') return viewer.contractorId;
	return null;
}

/** What decides whether a viewer may see a job. */
export interface JobScopeFacts {
	orderId: number;
	workflowId: number;
	contractorId: number | null;
	managerId: number | null;
	departmentId: number | null;
	/** A job of a draft order is on no board. */
	onBoard: boolean;
}

/**
 * A viewer's visibility as a conjunction of conditions; every field left out is unrestricted. The one
 * decision of who sees what: {@link canSeeJob} checks it on a job in memory, the server turns it into SQL.
 */
export interface JobScope {
	contractorId?: number;
	managerId?: number;
	orderId?: number;
	workflowId?: number;
	departmentIds?: readonly number[];
	onBoardOnly?: boolean;
}

/** The scope of a viewer (DESIGN.md, "Visibility scope"). */
export function jobScope(viewer: Viewer): JobScope {
	switch (viewer.kind) {
		case 'user':
			if (viewer.role === 'contractor') return { contractorId: viewer.id, onBoardOnly: true };
			if (viewer.role === 'manager' && viewer.ownOrdersOnly) return { managerId: viewer.id };
			return {};
		case 'display':
			return {
				workflowId: viewer.workflowId,
				onBoardOnly: true,
				...(viewer.departmentIds ? { departmentIds: viewer.departmentIds } : {})
			};
		case 'tracking':
			return { orderId: viewer.orderId, onBoardOnly: true };
		case 'preview':
			return intersectScopes(
				{ contractorId: viewer.contractorId, onBoardOnly: true },
				viewer.within
			);
		default:
			return {};
	}
}

/**
 * The jobs both scopes let through. Two different values of one field match nothing, written as an empty list of
 * departments (which no job, and in SQL no row, satisfies).
 */
export function intersectScopes(a: JobScope, b: JobScope): JobScope {
	const scope: JobScope = { ...a, ...b };
	let contradiction = false;
	for (const field of ['contractorId', 'managerId', 'orderId', 'workflowId'] as const) {
		if (a[field] !== undefined && b[field] !== undefined && a[field] !== b[field])
			contradiction = true;
	}
	if (a.departmentIds && b.departmentIds)
		scope.departmentIds = a.departmentIds.filter((id) => b.departmentIds!.includes(id));
	if (a.onBoardOnly || b.onBoardOnly) scope.onBoardOnly = true;
	if (contradiction) scope.departmentIds = [];
	return scope;
}

export function canSeeJob(viewer: Viewer, job: JobScopeFacts): boolean {
	return matchesScope(jobScope(viewer), job);
}

export function matchesScope(scope: JobScope, job: JobScopeFacts): boolean {
	if (scope.contractorId !== undefined && job.contractorId !== scope.contractorId) return false;
	if (scope.managerId !== undefined && job.managerId !== scope.managerId) return false;
	if (scope.orderId !== undefined && job.orderId !== scope.orderId) return false;
	if (scope.workflowId !== undefined && job.workflowId !== scope.workflowId) return false;
	if (
		scope.departmentIds !== undefined &&
		(job.departmentId === null || !scope.departmentIds.includes(job.departmentId))
	)
		return false;
	if (scope.onBoardOnly && !job.onBoard) return false;
	return true;
}

/** Whether the viewer sees every job (so it may share the board's broadcast room). */
export function seesEverything(viewer: Viewer): boolean {
	return Object.keys(jobScope(viewer)).length === 0;
}

/** Whether a viewer may act at all (displays and tracking pages are read-only). */
export function isActor(viewer: Viewer): viewer is Actor {
	return viewer.kind !== 'display' && viewer.kind !== 'tracking' && viewer.kind !== 'preview';
}

/** The role an actor acts with in the operation chain. */
export function actingRole(actor: Actor): Role | 'api_key' | 'rule' {
	if (actor.kind === 'user') return actor.role;
	return actor.kind === 'api_key' ? 'api_key' : 'rule';
}

/** The name history and messages show for an actor. */
export function actorName(actor: Actor): string {
	return actor.name;
}

/** Whether a viewer sees an order: through one of its jobs, or, for order-wide scopes, the order itself. */
export function canSeeOrder(
	viewer: Viewer,
	order: { id: number; managerId: number | null; isDraft: boolean },
	jobs: readonly JobScopeFacts[]
): boolean {
	const scope = jobScope(viewer);
	if (jobs.some((job) => matchesScope(scope, job))) return true;
	const jobLevel =
		scope.contractorId !== undefined ||
		scope.workflowId !== undefined ||
		scope.departmentIds !== undefined;
	if (jobLevel) return false;
	if (scope.managerId !== undefined && order.managerId !== scope.managerId) return false;
	if (scope.orderId !== undefined && order.id !== scope.orderId) return false;
	return !(scope.onBoardOnly && order.isDraft);
}
