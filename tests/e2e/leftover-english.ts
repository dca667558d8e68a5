import { readFileSync } from 'node:fs';

type Catalogue = Record<string, string | { match: Record<string, string> }[]>;
const catalogue = (locale: string): Catalogue =>
	JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8'));
const texts = (message: Catalogue[string]): string[] =>
	typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));

/**
 * The English words of the catalogue that must not be seen in `locale`: each message's text between its
 * placeholders, leaving out messages that read the same in both languages ("E-mail" in Czech).
 */
export function englishFragments(locale: string): string[] {
	const en = catalogue('en');
	const other = catalogue(locale);
	const fragments = new Set<string>();
	for (const [key, message] of Object.entries(en)) {
		if (key === '$schema') continue;
		const translated = new Set(texts(other[key]));
		for (const text of texts(message)) {
			if (translated.has(text)) continue;
			for (const piece of text.split(/\{\w+\}/)) {
				const words = piece.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
				if (/\p{L}{3}/u.test(words)) fragments.add(words);
			}
		}
	}
	return [...fragments];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** English catalogue text left in `visible` once the shop's own data (stage, product, customer names…) is taken out. */
export function leftoverEnglish(visible: string, shopData: string[], locale: string): string[] {
	let text = visible;
	for (const data of [...shopData].sort((a, b) => b.length - a.length))
		if (data) text = text.split(data).join(' ');
	return englishFragments(locale).filter((fragment) =>
		new RegExp(`(^|[^\\p{L}])${escape(fragment)}($|[^\\p{L}])`, 'u').test(text)
	);
}
