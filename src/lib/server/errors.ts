import type { MessageRef } from '../domain/message';

/** Error codes of the public contract, with their HTTP status. */
export const ERROR_STATUS = {
	invalid_input: 400,
	unauthorized: 401,
	forbidden: 403,
	operation_not_allowed: 403,
	not_found: 404,
	payload_too_large: 413,
	/** An upload whose bytes are not of a type the shop accepts (issue 21). */
	unsupported_file_type: 415,
	invalid_stage: 422,
	invalid_contractor: 422,
	invalid_workflow: 422,
	invalid_product: 422,
	/** Removing an order's only line (cancel the order instead). */
	last_line: 422,
	version_conflict: 409,
	order_is_draft: 409,
	order_not_draft: 409,
	offer_expired: 409,
	/** The shop's rules do not allow commissioning the offer now (the customer is not told which). */
	offer_unavailable: 409,
	wip_limit_reached: 409,
	conflict: 409,
	too_many_requests: 429,
	internal: 500
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One rule that refused, as the wire carries it in `error.reasons` (the first is `error.code`/`message`). */
export interface RefusalReason {
	code: string;
	message: string;
	i18n?: MessageRef;
}

/** What a refusal says beside its code: every rule that refused, and the stages the mover may use. */
export interface RefusalExtras {
	reasons?: RefusalReason[];
	allowedStageIds?: number[];
}

/** Marks an AppError whichever copy of this module made it. */
const APP_ERROR = Symbol.for('floorboard.app-error');

/** A refusal every channel understands: REST maps it to `{error: {code, message}}`, sockets to an ack. */
export class AppError extends Error {
	readonly status: number;
	readonly [APP_ERROR] = true;

	/**
	 * server.ts and the SvelteKit bundle each carry a copy of this module, and objects they share (the shared board
	 * snapshots) may reject with the other copy's error: `instanceof` recognises both by their brand.
	 */
	static [Symbol.hasInstance](value: unknown): value is AppError {
		return typeof value === 'object' && value !== null && APP_ERROR in value;
	}

	/**
	 * `status` overrides the code's usual one: `invalid_input` is 400 when malformed, 422 when well-formed but invalid.
	 * `extras` go to the top of the error body (`error.reasons`, `error.allowedStageIds`).
	 */
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly details?: unknown,
		status?: number,
		readonly extras: RefusalExtras = {}
	) {
		super(message);
		this.name = 'AppError';
		this.status = status ?? ERROR_STATUS[code];
	}

	toJSON() {
		return {
			code: this.code,
			message: this.message,
			...this.extras,
			...(this.details ? { details: this.details } : {})
		};
	}
}

export const notFound = (what = 'This') => new AppError('not_found', `${what} was not found.`);
export const unauthorized = (message = 'Sign in to continue.') =>
	new AppError('unauthorized', message);
export const invalidInput = (message: string, details?: unknown) =>
	new AppError('invalid_input', message, details);
/** Well-formed input naming something that cannot be used (unknown product, quantity below one): 422. */
export const unprocessable = (message: string, details?: unknown) =>
	new AppError('invalid_input', message, details, 422);
