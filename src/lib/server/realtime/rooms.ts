import { jobScope, type JobScopeFacts, type Viewer } from '../../domain/scope';
import type { JobCard } from '../../domain/job-view';
import type { AccessHolder } from '../events';

/**
 * Rooms per audience, not per socket: everyone who sees a whole board shares `board:{wf}`; a contractor or an
 * own-orders manager gets a room of their own scope; a manager's preview of a contractor the room of both
 * (`board:{wf}:contractor:{c}:manager:{m}`, or the contractor's own room when the previewer sees everything); a
 * wall display its link's room; a tracking page its order's. The room's name is its scope, so two viewers share
 * a room only when they see exactly the same jobs.
 */
export function boardRoom(viewer: Viewer, workflowId: number): string {
	if (viewer.kind === 'display') return `display:${viewer.linkId}`;
	const { contractorId, managerId, onBoardOnly: _onBoard, ...rest } = jobScope(viewer);
	// Any other narrowing would need its own room: sharing a wider one would leak.
	if (Object.keys(rest).length)
		throw new Error(`No board room for the scope ${JSON.stringify(jobScope(viewer))}`);
	if (contractorId !== undefined && managerId !== undefined)
		return `board:${workflowId}:contractor:${contractorId}:manager:${managerId}`;
	if (contractorId !== undefined) return `board:${workflowId}:contractor:${contractorId}`;
	if (managerId !== undefined) return `board:${workflowId}:manager:${managerId}`;
	return `board:${workflowId}`;
}

/**
 * The board room of a person who sees only their own jobs (a contractor) or orders (an own-orders manager): the
 * viewer stands for every such person of that id, whatever else their account says.
 */
/** A contractor, or an own-orders manager, as the personal rooms named after them stand for them. */
export function personalViewer(id: number, role: 'contractor' | 'manager'): Viewer {
	return {
		kind: 'user',
		id,
		name: '',
		role,
		ownOrdersOnly: role === 'manager',
		allowedStageIds: null
	};
}

function personalAudience(
	id: number,
	role: 'contractor' | 'manager',
	workflowId: number
): Audience {
	const viewer = personalViewer(id, role);
	return { room: boardRoom(viewer, workflowId), viewer };
}

/** An own-orders manager's preview of a contractor, as the room it shares stands for it. */
function previewOf(contractorId: number, managerId: number): Viewer {
	return { kind: 'preview', contractorId, name: '', within: { managerId } };
}

export const trackRoom = (orderId: number) => `track:${orderId}`;
export const userRoom = (userId: number) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const apiKeyRoom = (keyId: number) => `api-key:${keyId}`;
export const displayLinkRoom = (linkId: number) => `display-link:${linkId}`;

/** The room of every socket a credential opened: ending that access disconnects the room, in every process. */
export function accessRoom(holder: AccessHolder): string {
	if ('sessionId' in holder) return sessionRoom(holder.sessionId);
	if ('userId' in holder) return userRoom(holder.userId);
	if ('apiKeyId' in holder) return apiKeyRoom(holder.apiKeyId);
	return displayLinkRoom(holder.displayLinkId);
}

/** The access rooms a socket joins on connecting: its session and user, its API key, or its display link. */
export function accessRoomsOf(identity: {
	viewer: Viewer | null;
	sessionId: string | null;
}): string[] {
	const { viewer, sessionId } = identity;
	if (viewer?.kind === 'user')
		return sessionId ? [userRoom(viewer.id), sessionRoom(sessionId)] : [userRoom(viewer.id)];
	if (viewer?.kind === 'api_key') return [apiKeyRoom(viewer.id)];
	if (viewer?.kind === 'display') return [displayLinkRoom(viewer.linkId)];
	return [];
}

export interface Audience {
	room: string;
	/** The viewer every socket in the room stands for: what it may see is decided once, for the room. */
	viewer: Viewer;
}

export interface DisplayLinkScope {
	id: number;
	workflowId: number;
	departmentIds: readonly number[] | null;
}

/**
 * Every audience that may have to hear about a change of this job, derived from the job itself (its contractor
 * and manager before and after) — so any process can compute them without knowing who is connected where.
 */
export function audiencesForJob(
	job: Pick<JobCard, 'workflowId' | 'contractorId' | 'managerId'>,
	before: JobScopeFacts | null,
	displays: readonly DisplayLinkScope[]
): Audience[] {
	const wf = job.workflowId;
	const audiences: Audience[] = [
		{ room: `board:${wf}`, viewer: { kind: 'system', name: 'board' } }
	];
	for (const id of new Set([job.contractorId, before?.contractorId]))
		if (id != null) audiences.push(personalAudience(id, 'contractor', wf));
	for (const id of new Set([job.managerId, before?.managerId]))
		if (id != null) audiences.push(personalAudience(id, 'manager', wf));
	for (const contractorId of new Set([job.contractorId, before?.contractorId])) {
		for (const managerId of new Set([job.managerId, before?.managerId])) {
			if (contractorId == null || managerId == null) continue;
			const viewer = previewOf(contractorId, managerId);
			audiences.push({ room: boardRoom(viewer, wf), viewer });
		}
	}
	for (const display of displays) {
		if (display.workflowId !== wf) continue;
		const viewer: Viewer = {
			kind: 'display',
			linkId: display.id,
			workflowId: wf,
			departmentIds: display.departmentIds
		};
		audiences.push({ room: boardRoom(viewer, wf), viewer });
	}
	return audiences;
}

/**
 * Every room showing some view of one workflow's board: the whole-board room, each contractor's and each
 * own-orders manager's room, each manager's preview of each contractor (derived from the people, so any process
 * can name them) and its display links'.
 * A change of the board's columns is announced to all of them.
 */
export function boardRoomsOfWorkflow(
	workflowId: number,
	people: readonly { id: number; role: 'contractor' | 'manager' }[],
	displays: readonly DisplayLinkScope[]
): string[] {
	const viewers: Viewer[] = [
		{ kind: 'system', name: 'board' },
		...people.map((p): Viewer => ({
			kind: 'user',
			id: p.id,
			name: '',
			role: p.role,
			ownOrdersOnly: p.role === 'manager',
			allowedStageIds: null
		})),
		...displays
			.filter((d) => d.workflowId === workflowId)
			.map((d): Viewer => ({
				kind: 'display',
				linkId: d.id,
				workflowId,
				departmentIds: d.departmentIds
			})),
		...people.flatMap((c) =>
			c.role === 'contractor'
				? people.filter((m) => m.role === 'manager').map((m) => previewOf(c.id, m.id))
				: []
		)
	];
	return [...new Set(viewers.map((viewer) => boardRoom(viewer, workflowId)))];
}
