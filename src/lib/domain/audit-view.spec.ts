import { describe, expect, it } from 'vitest';
import { auditEntityHref, auditView } from './audit-view';

describe('auditView', () => {
	it('lays before and after side by side, marking what changed', () => {
		const view = auditView({
			before: { shop_name: 'Old', language: 'en', disabled_operations: [] },
			after: { shop_name: 'New', language: 'en', disabled_operations: ['ship'] }
		});
		expect(view).toEqual({
			kind: 'changes',
			fields: [
				{ field: 'shop_name', before: 'Old', after: 'New', changed: true },
				{ field: 'language', before: 'en', after: 'en', changed: false },
				{ field: 'disabled_operations', before: '[]', after: '["ship"]', changed: true }
			],
			context: null
		});
	});

	it('shows a creation (after only) and a deletion (before only), and keeps the other data as context', () => {
		expect(auditView({ after: { name: 'Rule' } })).toMatchObject({
			kind: 'changes',
			fields: [{ field: 'name', before: null, after: 'Rule', changed: true }]
		});
		expect(auditView({ before: { name: 'Rule' }, email: 'a@b.c' })).toMatchObject({
			fields: [{ field: 'name', before: 'Rule', after: null, changed: true }],
			context: '{"email":"a@b.c"}'
		});
	});

	it('falls back to compact JSON for any other shape', () => {
		expect(auditView({ email: 'a@b.c', changes: { role: 'admin' } })).toEqual({
			kind: 'json',
			text: '{"email":"a@b.c","changes":{"role":"admin"}}'
		});
		expect(auditView({ before: 'text', after: 'other' })).toEqual({
			kind: 'json',
			text: '{"before":"text","after":"other"}'
		});
		expect(auditView(null)).toEqual({ kind: 'json', text: '{}' });
	});
});

describe('auditEntityHref', () => {
	it('links to the page of the thing changed', () => {
		expect(auditEntityHref('order', '12', {})).toBe('/orders/12');
		expect(auditEntityHref('comment', '5', { orderId: 12, jobId: null })).toBe(
			'/orders/12#comment-5'
		);
		expect(auditEntityHref('product', '3', {})).toBe('/admin/products');
		expect(auditEntityHref('workflow', '5', {})).toBe('/admin/workflows/5');
		expect(auditEntityHref('department', '2', {})).toBe('/admin/departments');
		expect(auditEntityHref('settings', null, {})).toBe('/admin/settings');
		expect(auditEntityHref('order_state', '5', {})).toBe('/admin/order-states?edit=5');
		expect(auditEntityHref('approval_rule', '2', {})).toBe('/admin/approval-rules');
		expect(auditEntityHref('legal_text', '9', {})).toBe('/admin/legal-texts');
		expect(
			auditEntityHref('timed_rule', '4', { before: { workflowId: 2 }, after: { workflowId: 2 } })
		).toBe('/boards/2/rules');
		expect(auditEntityHref('timed_rule', '4', { rule: { workflowId: 7 } })).toBe('/boards/7/rules');
	});

	it('gives no link where there is no page or no usable id', () => {
		expect(auditEntityHref('order', '../admin', {})).toBeNull();
		expect(auditEntityHref('timed_rule', '4', {})).toBeNull();
		expect(auditEntityHref('something_new', '1', {})).toBeNull();
	});
});
