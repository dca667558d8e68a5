import type { SubmitFunction } from '@sveltejs/kit';

/** After the answer, update the page but keep what was typed (SvelteKit resets a form that succeeded). */
export const updateKeepingValues = async ({
	update
}: {
	update: (options?: { reset?: boolean }) => Promise<void>;
}) => update({ reset: false });

/** `use:enhance` that keeps the form's values after the answer. */
export const keepValues: SubmitFunction = () => updateKeepingValues;

/**
 * `use:enhance` for a form that closes (or starts again) once it succeeded: keeps what was typed, so a refused
 * form still shows it, and calls `done` after a success.
 */
export const thenOnSuccess =
	(done: () => void): SubmitFunction =>
	() =>
	async ({ result, update }) => {
		await update({ reset: false });
		if (result.type === 'success') done();
	};
