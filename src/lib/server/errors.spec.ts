import { describe, expect, it, vi } from 'vitest';

describe('AppError', () => {
	it('is recognised when another copy of the module made it (server.ts beside the SvelteKit bundle)', async () => {
		const first = await import('./errors');
		vi.resetModules();
		const second = await import('./errors');
		expect(second.AppError).not.toBe(first.AppError);

		const foreign = second.notFound('Board');
		expect(foreign instanceof first.AppError).toBe(true);
		expect(first.notFound() instanceof second.AppError).toBe(true);
	});

	it('does not take other errors for refusals', async () => {
		const { AppError } = await import('./errors');
		const others: unknown[] = [new Error('boom'), null, 'not_found', { code: 'not_found' }];
		for (const other of others) expect(other instanceof AppError).toBe(false);
	});
});
