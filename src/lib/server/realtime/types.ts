import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents
} from '../../contract/socket';
import type { SocketIdentity } from './handshake';

/** The typed Socket.IO server and socket: every module of the real-time layer names them from here. */
export type FloorboardServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketIdentity
>;
export type FloorboardSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketIdentity
>;
