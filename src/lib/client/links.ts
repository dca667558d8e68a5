import { resolve } from '$app/paths';
import { page } from '$app/state';
import type { Pathname, ResolvedPathname } from '$app/types';

// Links that resolve() cannot take as written, built from paths that are already resolved. They are typed
// ResolvedPathname, which is what svelte/no-navigation-without-resolve accepts besides a resolve() call.

/**
 * This page with another query (`?a=1`, or a bare `?` for none): what a query-only link (`href="?a=1"`) reaches,
 * written out, since `page.url.pathname` is already resolved (it carries the base path).
 */
export function thisPageWithQuery(query: URLSearchParams): ResolvedPathname {
	return `${page.url.pathname}?${query}` as ResolvedPathname;
}

/**
 * This page with some of its search params changed: a value sets one, an empty one (`undefined` or '') removes it.
 * For filter, paging and language links.
 */
export function thisPageWithParams(changes: Record<string, string | undefined>): ResolvedPathname {
	const query = new URLSearchParams(page.url.searchParams);
	for (const [key, value] of Object.entries(changes)) {
		if (value) query.set(key, value);
		else query.delete(key);
	}
	return thisPageWithQuery(query);
}

/** A resolved path followed by a search string as `URL.search` writes it ('' or '?a=1'). */
export function withSearch(path: ResolvedPathname, search: string): ResolvedPathname {
	return `${path}${search}` as ResolvedPathname;
}

/**
 * A path of this app held in a value rather than written at the call — a notification's link, an audit entry's
 * page (`/orders/12`), one of a list of sections — resolved as a written one would be.
 */
export function resolveAppPath(path: string): ResolvedPathname {
	// resolve()'s parameter types check one route written at the call; a path held in a value was checked where it
	// was written (a typed list, or the server building it from ids).
	return (resolve as (path: Pathname) => ResolvedPathname)(path as Pathname);
}
