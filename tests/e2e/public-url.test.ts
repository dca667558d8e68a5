import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, startServer, type RunningServer, tokenFor } from './harness';

/** The outgoing-message log of one order as an admin's browser gets it (HTML; the rendered e-mails sit in it). */
async function messageLog(server: RunningServer, token: string, orderId: number): Promise<string> {
	const response = await fetch(`${server.url}/admin/messages?orderId=${orderId}`, {
		headers: { cookie: `session=${token}` }
	});
	expect(response.status).toBe(200);
	return response.text();
}

describe('links in messages without ORIGIN', () => {
	let server: RunningServer;
	beforeAll(async () => {
		// A port the system picks, no ORIGIN: the links can only be right if they come from the real listening address.
		server = await startServer({ ORIGIN: '' });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('warns at start and writes tracking links with the port the server listens on', async () => {
		const port = new URL(server.url).port;
		expect(port).not.toBe('3000');
		// The warning goes to stderr and the start banner to stdout: two pipes, read in either order.
		await vi.waitFor(
			() =>
				expect(server.output()).toContain(
					`ORIGIN is not set: links in e-mails point to http://localhost:${port}`
				),
			{ timeout: 10_000, interval: 50 }
		);

		const token = await tokenFor(server.url);
		const products: { id: number }[] = await api(server.url, 'GET', '/api/v1/products', token);
		const created = await api(server.url, 'POST', '/api/v1/orders', token, {
			customer: { name: 'Port Checker', email: 'port.checker@example.com' },
			source: 'api',
			items: [{ productId: products[0]!.id, title: 'Flyers A5', quantity: 500 }]
		});
		const { id: orderId, trackingToken } = created.order as { id: number; trackingToken: string };

		// The outbox worker sends the confirmation shortly after the order is placed; the log shows it rendered.
		let html = '';
		const deadline = Date.now() + 20_000;
		while (!html.includes('/track/') && Date.now() < deadline) {
			html = await messageLog(server, token, orderId);
			if (!html.includes('/track/')) await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const links = [...html.matchAll(/https?:\/\/[^\s"<]+\/track\/[\w-]+/g)].map(
			(match) => match[0]
		);
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) expect(link).toBe(`http://localhost:${port}/track/${trackingToken}`);
	});
});
