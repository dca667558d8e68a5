import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The storm benchmark's baseline, in a process of its own like the app's server: bare Socket.IO and a bare HTTP
 * handler answering every `subscribe` and every GET with the same board (read from `BOARD_FILE`), serialised per
 * answer as any server without a shared snapshot does. No auth, no database. Prints `listening at <url>`.
 */
const board = JSON.parse(readFileSync(process.env.BOARD_FILE!, 'utf8'));
const http = createServer((request, response) => {
	response.writeHead(200, { 'content-type': 'application/json' });
	response.end(request.url === '/board' ? JSON.stringify(board) : '{}');
});
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
	socket.on('subscribe', (_payload: unknown, ack: (answer: unknown) => void) => {
		socket.emit('board:syncing', { workflowId: board.workflow.id });
		ack({ ok: true, board });
	});
});
http.listen(0, '127.0.0.1', () =>
	console.log(`listening at http://127.0.0.1:${(http.address() as AddressInfo).port}`)
);
