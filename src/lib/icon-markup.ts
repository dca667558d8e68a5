import type { IconNode } from 'lucide';

const built = new WeakMap<IconNode, string>();
const escapeAttribute = (value: string) =>
	value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The inside of a Lucide icon's `<svg>` (its paths, circles, …) as markup, built once per icon. Lucide's own Svelte
 * component rebuilds its attributes and renders each path through a dynamic element on every instance: on a board's
 * cards, that was about a third of the page's hydration.
 */
export function iconMarkup(icon: IconNode): string {
	let markup = built.get(icon);
	if (markup === undefined) {
		markup = icon
			.map(([tag, attributes]) => {
				const text = Object.entries(attributes)
					.filter(([name, value]) => name !== 'key' && value !== undefined)
					.map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
					.join('');
				return `<${tag}${text}></${tag}>`;
			})
			.join('');
		built.set(icon, markup);
	}
	return markup;
}
