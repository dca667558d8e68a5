/** How an audit entry's `data` is shown: changed fields side by side when it has them, else compact JSON. */
export type AuditView =
	| {
			kind: 'changes';
			/** Every field of `before` and `after`, in first-seen order; `null` where that side does not have it. */
			fields: { field: string; before: string | null; after: string | null; changed: boolean }[];
			/** The entry's other data (e.g. the e-mail of the user changed), compact JSON, or null. */
			context: string | null;
	  }
	| { kind: 'json'; text: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as one line: strings as they are, anything else as JSON. */
export function showValue(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

export function auditView(data: unknown): AuditView {
	if (
		isRecord(data) &&
		(isRecord(data.before) || isRecord(data.after)) &&
		(data.before === undefined || isRecord(data.before)) &&
		(data.after === undefined || isRecord(data.after))
	) {
		const before = (data.before ?? null) as Record<string, unknown> | null;
		const after = (data.after ?? null) as Record<string, unknown> | null;
		const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
		const fields = keys.map((field) => {
			const b = before && field in before ? showValue(before[field]) : null;
			const a = after && field in after ? showValue(after[field]) : null;
			return { field, before: b, after: a, changed: b !== a };
		});
		const { before: _b, after: _a, ...rest } = data;
		return {
			kind: 'changes',
			fields,
			context: Object.keys(rest).length ? JSON.stringify(rest) : null
		};
	}
	return { kind: 'json', text: JSON.stringify(data ?? {}) };
}

/** Where the audited thing can be seen in the app, when it has a page. */
export function auditEntityHref(
	entity: string,
	entityId: string | null,
	data: unknown
): string | null {
	const numericId = entityId !== null && /^\d{1,10}$/.test(entityId) ? entityId : null;
	switch (entity) {
		case 'order':
			return numericId ? `/orders/${numericId}` : null;
		case 'workflow':
			return numericId ? `/admin/workflows/${numericId}` : '/admin/workflows';
		case 'department':
			return '/admin/departments';
		case 'product':
			return '/admin/products';
		case 'user':
			return '/admin/users';
		case 'settings':
			return '/admin/settings';
		case 'api_key':
			return '/admin/api-keys';
		case 'webhook':
			return '/admin/webhooks';
		case 'order_state':
			return numericId ? `/admin/order-states?edit=${numericId}` : '/admin/order-states';
		case 'approval_rule':
			return '/admin/approval-rules';
		case 'legal_text':
			return '/admin/legal-texts';
		case 'comment': {
			const orderId = isRecord(data) ? data.orderId : null;
			return typeof orderId === 'number' ? `/orders/${orderId}#comment-${numericId}` : null;
		}
		case 'timed_rule': {
			// A rule's page is its workflow's; the entry's data names the workflow.
			const record = isRecord(data) ? data : {};
			const rule = [record.after, record.before, record.rule].find(isRecord);
			const workflowId = rule?.workflowId;
			return typeof workflowId === 'number' ? `/boards/${workflowId}/rules` : null;
		}
		default:
			return null;
	}
}
