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
import { keepServingOnEscapedErrors, requestContext } from ${JSON.stringify(path.resolve('src/lib/server/process-guards.ts'))};
keepServingOnEscapedErrors();
const server = createServer((request, response) =>
	requestContext.run({ id: 'r1', method: request.method, path: request.url, route: null, actorId: null }, () => {
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
		// The JSON log lines (stdout) and anything else the process says.
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		try {
			const port = await new Promise<string>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					const match = chunk.toString().match(/port (\d+)/);
					if (match) resolve(match[1]);
				});
				child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
			});
			const get = async (url: string) => (await fetch(`http://127.0.0.1:${port}${url}`)).text();
			expect(await get('/reject')).toBe('still here');
			expect(await get('/throw')).toBe('still here');
			// Once the timer's exception has happened, the server still answers.
			while (!output.includes('Uncaught exception'))
				await new Promise((resolve) => setTimeout(resolve, 10));
			expect(await get('/after')).toBe('still here');
			expect(child.exitCode).toBeNull();
			expect(output).toContain('Unhandled promise rejection while serving GET /reject');
			expect(output).toContain('a load failed after the redirect');
			expect(output).toContain('Uncaught exception while serving GET /throw');
		} finally {
			child.kill();
		}
	});
});
