import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import LucideHourglass from '@lucide/svelte/icons/hourglass';
import LucideCircleDollarSign from '@lucide/svelte/icons/circle-dollar-sign';
import { CircleDollarSign, Hourglass, type IconNode } from 'lucide';
import type { Component } from 'svelte';
import Icon from './Icon.svelte';
import { iconMarkup } from '$lib/icon-markup';

/** Each drawn element of an SVG's markup as its tag and attributes, in order, whatever the quoting and spacing. */
function drawing(html: string) {
	const svg = html.slice(html.indexOf('<svg'));
	const root = svg.slice(0, svg.indexOf('>'));
	const attributes = (text: string) =>
		Object.fromEntries(
			[...text.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value])
		);
	const children = [
		...svg.matchAll(/<(path|circle|rect|line|polyline|polygon|ellipse)\b([^>]*)>/g)
	].map(([, tag, text]) => [tag, attributes(text)]);
	const { class: classes = '', ...svgAttributes } = attributes(root);
	return { svg: svgAttributes, classes: classes.split(' ').filter(Boolean).sort(), children };
}

const cases: [string, Component<{ size?: number }>, IconNode][] = [
	['hourglass', LucideHourglass, Hourglass],
	['circle-dollar-sign', LucideCircleDollarSign, CircleDollarSign]
];

describe('Icon', () => {
	it.each(cases)(
		'draws %s as @lucide/svelte does, with the size asked for',
		(name, Lucide, node) => {
			const ours = drawing(render(Icon, { props: { icon: node, size: 12, name } }).body);
			const theirs = drawing(render(Lucide, { props: { size: 12 } }).body);
			expect(ours.children.length).toBeGreaterThan(0);
			expect(ours.children).toEqual(theirs.children);
			expect(ours.svg).toEqual(theirs.svg);
			expect(ours.classes).toEqual(theirs.classes);
		}
	);

	it('escapes attribute values and builds each icon’s markup once', () => {
		const odd: IconNode = [['path', { d: 'M0 0" onload="x()' }]];
		expect(iconMarkup(odd)).toBe('<path d="M0 0&quot; onload=&quot;x()"></path>');
		expect(iconMarkup(Hourglass)).toBe(iconMarkup(Hourglass));
	});
});
