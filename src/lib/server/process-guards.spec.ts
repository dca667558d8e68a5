import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A real process (Node exits on an escaped error by default, so only a real one shows the guard works): an HTTP
 * server whose handler lets a rejection and an exception escape, asked three times; it must answer every time
 * and log each escape with the request it came from.
 */
const program = `
import { createServer } from 'node:http';
import { keepServingOnEscapedErrors, requestTrace } from ${JSON.stringify(path.resolve('src/lib/server/process-guards.ts'))};
keepServingOnEscapedErrors();
const server = createServer((request, response) =>
	requestTrace.run({ method: request.method, url: request.url }, () => {
		if (request.url === '/reject') Promise.reject(new Error('a load failed after the redirect'));
		if (request.url === '/throw') setTimeout(() => { throw new Error('a timer threw'); });
		response.end('still here');
	})
);
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

describe('keepServingOnEscapedErrors', () => {
	it('keeps a server answering after a rejection and an exception escape, and logs each with its request', async () => {
		const child = spawn(
			path.resolve('node_modules/.bin/tsx'),
			['--input-type=module', '-e', program],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		try {
			const port = await new Promise<string>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					const match = chunk.toString().match(/port (\d+)/);
					if (match) resolve(match[1]);
				});
				child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
			});
			const get = async (url: string) => (await fetch(`http://127.0.0.1:${port}${url}`)).text();
			expect(await get('/reject')).toBe('still here');
			expect(await get('/throw')).toBe('still here');
			// Once the timer's exception has happened, the server still answers.
			while (!stderr.includes('Uncaught exception'))
				await new Promise((resolve) => setTimeout(resolve, 10));
			expect(await get('/after')).toBe('still here');
			expect(child.exitCode).toBeNull();
			expect(stderr).toContain('Unhandled promise rejection while serving GET /reject');
			expect(stderr).toContain('a load failed after the redirect');
			expect(stderr).toContain('Uncaught exception while serving GET /throw');
		} finally {
			child.kill();
		}
	});
});
