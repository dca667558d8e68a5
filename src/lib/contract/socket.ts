/**
 * The Socket.IO contract, typed once for both ends: `new Server<ClientToServerEvents, ServerToClientEvents, …>`
 * on the server, `Socket<ServerToClientEvents, ClientToServerEvents>` in the browser. Browser-safe: types only,
 * nothing from `$lib/server`. DESIGN.md ("Socket.IO") describes the same events in words.
 */
import type { BoardJob, BoardPages, BoardSnapshot, TrackingView } from './views';
import type { CommentTarget, CommentThreadView, CommentView } from './comments';
import type { LoadView } from './analytics';

export type * from './views';

/** An error as every channel answers it (REST bodies, socket acks): the same codes as REST. */
export interface ErrorBody {
	code: string;
	message: string;
	/** Every rule that refused, in the chain's order (the first is `code`/`message`); moves always carry them. */
	reasons?: RefusalReason[];
	/** A move refused by stage limits: the stages of the job's workflow the mover may use. */
	allowedStageIds?: number[];
	details?: unknown;
}

/** One rule that refused: its code, English message and catalogue message (for the viewer's language). */
export interface RefusalReason {
	code: string;
	message: string;
	i18n?: { key: string; params: Record<string, string | number | undefined> };
}

/** Every acknowledgement: `{ok: true, …answer}` or `{ok: false, error}`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/**
 * A board (optionally as a manager previews it for one contractor; `pageSize`: only the first cards of each column,
 * with their counts, for a big board), an order's tracking page, or the bottleneck view.
 */
export type SubscribeRequest =
	/**
	 * `since`: the `fingerprint` of the board snapshot the client holds (from an earlier answer, of this process or
	 * another): the answer is then `{unchanged: true}`, or a `delta` against it, or the full snapshot as without it.
	 * Ignored with `pageSize`.
	 */
	| { board: number; as?: number; pageSize?: number; since?: string }
	| { track: string }
	/** The bottleneck view (docs/analytics.md): answered with the view, then `analytics:changed` as jobs move. */
	| { analytics: 'load' };
export type SubscribeAck = Ack<
	| { board: BoardSnapshot | BoardPages; fingerprint?: string }
	/** The snapshot whose fingerprint the request named (`since`) is the current one: keep it. */
	| { unchanged: true; fingerprint: string }
	| { delta: BoardDelta }
	| { track: TrackingView }
	| { load: LoadView }
>;

/**
 * What changed on the board since the snapshot the client holds (`since`): the cards to take (new, or shown
 * otherwise) and the ids to drop. Applied to that snapshot it gives the current one, whose fingerprint it names.
 */
export interface BoardDelta {
	since: string;
	fingerprint: string;
	jobs: BoardJob[];
	removed: number[];
}

export interface MoveRequest {
	jobId: number;
	toStageId: number;
	version?: number;
	beforeJobId?: number | null;
}
export type MoveAck = Ack<{ job: BoardJob }>;

/**
 * Messages a refused handshake carries (`connect_error`'s `message`). Only the first two are final: a client
 * retries the others with backoff, forever.
 */
export type HandshakeRefusal =
	'unauthorized' | 'forbidden_origin' | 'unavailable' | 'too_many_connections';
export const FINAL_REFUSALS: readonly string[] = [
	'unauthorized',
	'forbidden_origin'
] satisfies HandshakeRefusal[];

/** Why the server ended a connection for good (`access:ended`, then it disconnects). */
export type AccessEndedReason = 'session_ended' | 'display_revoked' | 'api_key_revoked';

export interface ClientToServerEvents {
	/** Joins the audience's room, then answers the current snapshot (a board sends `board:syncing` first). */
	subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
	unsubscribe: (request: SubscribeRequest, ack: (answer: Ack) => void) => void;
	'job:move': (request: MoveRequest, ack: (answer: MoveAck) => void) => void;
	/** Follows a line's or an order's comments live (`comment:changed`), answering the thread as it is now. */
	'comments:watch': (
		request: CommentTarget,
		ack: (answer: Ack<{ thread: CommentThreadView }>) => void
	) => void;
	'comments:unwatch': (request: CommentTarget, ack: (answer: Ack) => void) => void;
}

export interface ServerToClientEvents {
	/** The job as this receiver may see it, at `job.version`. */
	'job:updated': (payload: { job: BoardJob }) => void;
	/** The job left this receiver's scope with the change to `version` (a new contractor, another department, …). */
	'job:removed': (payload: { jobId: number; version: number }) => void;
	/**
	 * Sent to one socket while it subscribes to a board, after it joined the board's room and before the snapshot
	 * is read: every event it received before this one is older than the snapshot that follows.
	 */
	'board:syncing': (payload: { workflowId: number }) => void;
	/** A workflow's stages or departments changed: subscribe again for a fresh snapshot. */
	'board:changed': (payload: { workflowId: number }) => void;
	'track:updated': (view: TrackingView) => void;
	/** A job the subscriber's bottleneck view counts moved: read the view again (no data rides along). */
	'analytics:changed': (payload: Record<string, never>) => void;
	/** Something new in the user's notifications: fetch them. */
	'notification:new': (payload: Record<string, never>) => void;
	/** A comment this receiver may read was written, edited or deleted (merge by `version`). */
	'comment:changed': (payload: { comment: CommentView }) => void;
	/** Access ended for good; the server disconnects next, and reconnecting would not help. */
	'access:ended': (payload: { reason: AccessEndedReason }) => void;
	/** What this connection may see changed; the server disconnects next: reconnect at once and subscribe again. */
	'access:changed': (payload: Record<string, never>) => void;
	/**
	 * This server process is shutting down (a restart, a deploy) and disconnects next, once every request of this
	 * connection has been answered: reconnect after a short random wait (the proxy sends it to another process).
	 */
	'server:shutdown': (payload: Record<string, never>) => void;
}

/** Between server processes (through the adapter): end or restart the sockets of one access room, in order. */
export interface InterServerEvents {
	'access:end': (notice: { room: string; reason: AccessEndedReason | null }) => void;
}
