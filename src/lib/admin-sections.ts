import type { Pathname } from '$app/types';
import { m } from '$lib/paraglide/messages';

/** The admin area's pages, in the order the side navigation lists them (one line each, grouped). */
export interface AdminSection {
	href: Pathname;
	/** A catalogue message, read when the navigation renders (so in the viewer's language). */
	label: () => string;
	group: AdminGroup;
}

export const ADMIN_GROUPS = ['Production', 'Orders', 'People', 'Messages', 'Shop'] as const;
export type AdminGroup = (typeof ADMIN_GROUPS)[number];

export const ADMIN_GROUP_LABELS: Record<AdminGroup, () => string> = {
	Production: m.admin_group_production,
	Orders: m.admin_group_orders,
	People: m.admin_group_people,
	Messages: m.admin_group_messages,
	Shop: m.admin_group_shop
};

export const ADMIN_SECTIONS: readonly AdminSection[] = [
	{ href: '/admin/workflows', label: m.admin_workflows, group: 'Production' },
	{ href: '/admin/departments', label: m.admin_departments, group: 'Production' },
	{ href: '/admin/stations', label: m.admin_stations, group: 'Production' },
	{ href: '/admin/products', label: m.admin_products, group: 'Production' },
	{ href: '/admin/order-states', label: m.admin_order_states, group: 'Orders' },
	{ href: '/admin/approval-rules', label: m.admin_approval_rules, group: 'Orders' },
	{ href: '/admin/legal-texts', label: m.admin_legal_texts, group: 'Orders' },
	{ href: '/admin/users', label: m.admin_people, group: 'People' },
	{ href: '/admin/messages', label: m.admin_message_log, group: 'Messages' },
	{ href: '/admin/templates', label: m.admin_templates, group: 'Messages' },
	{ href: '/admin/webhooks', label: m.admin_webhooks, group: 'Messages' },
	{ href: '/admin/api-keys', label: m.admin_api_keys, group: 'Messages' },
	{ href: '/admin/settings', label: m.admin_settings, group: 'Shop' },
	{ href: '/admin/audit', label: m.admin_audit_log, group: 'Shop' }
];
