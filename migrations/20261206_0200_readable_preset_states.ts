import type { Kysely } from 'kysely';

/**
 * The preset states "Sale" and "Layaway" started with white text on a green and an amber that read at about 3:1,
 * below the 4.5:1 small text needs (WCAG AA). Shops that still have the original colours get the darker shades new
 * shops start with; a colour an admin chose is left alone.
 */
const DARKER: { key: string; from: string; to: string }[] = [
	{ key: 'sale', from: '#16a34a', to: '#15803d' },
	{ key: 'layaway', from: '#d97706', to: '#b45309' }
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const { key, from, to } of DARKER) {
		await db
			.updateTable('order_states')
			.set({ color: to })
			.where('key', '=', key)
			.where('preset', '=', true)
			.where('color', '=', from)
			.where('text_color', '=', '#ffffff')
			.execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const { key, from, to } of DARKER) {
		await db
			.updateTable('order_states')
			.set({ color: from })
			.where('key', '=', key)
			.where('preset', '=', true)
			.where('color', '=', to)
			.execute();
	}
}
