import { goto } from '$app/navigation';
import { thisPageWithQuery } from './links';

/**
 * Submits a GET filter form as a short URL (the empty fields left out, back to the first page), keeping focus
 * where it was. Without JavaScript the form still submits as a plain GET.
 */
export function submitFilters(event: SubmitEvent & { currentTarget: HTMLFormElement }): void {
	event.preventDefault();
	const params = new URLSearchParams();
	for (const [key, value] of new FormData(event.currentTarget))
		if (typeof value === 'string' && value) params.set(key, value);
	goto(thisPageWithQuery(params), { keepFocus: true, noScroll: true });
}
