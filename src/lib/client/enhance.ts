import type { SubmitFunction } from '@sveltejs/kit';

/** After the answer, update the page but keep what was typed (SvelteKit resets a form that succeeded). */
export const updateKeepingValues = async ({
	update
}: {
	update: (options?: { reset?: boolean }) => Promise<void>;
}) => update({ reset: false });

/** `use:enhance` that keeps the form's values after the answer. */
export const keepValues: SubmitFunction = () => updateKeepingValues;
