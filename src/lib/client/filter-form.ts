import { goto } from '$app/navigation';

/**
 * Submits a GET filter form as a short URL (the empty fields left out, back to the first page), keeping focus
 * where it was. Without JavaScript the form still submits as a plain GET.
 */
export function submitFilters(event: SubmitEvent & { currentTarget: HTMLFormElement }): void {
	event.preventDefault();
	const params = new URLSearchParams();
	for (const [key, value] of new FormData(event.currentTarget))
		if (typeof value === 'string' && value) params.set(key, value);
	goto(params.size ? `?${params}` : '?', { keepFocus: true, noScroll: true });
}
