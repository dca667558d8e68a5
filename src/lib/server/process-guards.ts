import { AsyncLocalStorage } from 'node:async_hooks';

/** The request an HTTP handler is serving, so an error that escapes it can be logged with what caused it. */
export interface RequestTrace {
	method: string;
	url: string;
}

/** Set by server.ts around every request it hands to SvelteKit; read when something escapes. */
export const requestTrace = new AsyncLocalStorage<RequestTrace>();

type Log = (message: string, error: unknown) => void;

/**
 * Keeps the process serving when a promise rejection or an exception escapes every handler. Node 20 exits on
 * both by default, which would take down every board, wall display and tracking page of the shop for one bad
 * request (or one dropped database connection). The escaped error is logged with the request it came from
 * (when it came from one); the HTTP server, sockets, cron and outbox worker carry on. Returns an uninstaller.
 */
export function keepServingOnEscapedErrors(
	target: NodeJS.EventEmitter = process,
	log: Log = (message, error) => console.error(message, error)
): () => void {
	const describe = (what: string) => {
		const request = requestTrace.getStore();
		return request
			? `${what} while serving ${request.method} ${request.url}:`
			: `${what} (not during a request):`;
	};
	const onRejection = (reason: unknown) => log(describe('Unhandled promise rejection'), reason);
	const onException = (error: unknown) => log(describe('Uncaught exception'), error);
	target.on('unhandledRejection', onRejection);
	target.on('uncaughtException', onException);
	return () => {
		target.off('unhandledRejection', onRejection);
		target.off('uncaughtException', onException);
	};
}
