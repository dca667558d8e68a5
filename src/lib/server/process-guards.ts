import { log as logger } from './log';
import { requestContext } from './request-context';

export { requestContext } from './request-context';

type Log = (message: string, error: unknown) => void;

/**
 * Keeps the process serving when a promise rejection or an exception escapes every handler. Node 20 exits on
 * both by default, which would take down every board, wall display and tracking page of the shop for one bad
 * request (or one dropped database connection). The escaped error is logged with the request it came from
 * (when it came from one); the HTTP server, sockets, cron and outbox worker carry on. Returns an uninstaller.
 */
export function keepServingOnEscapedErrors(
	target: NodeJS.EventEmitter = process,
	log: Log = (message, error) => logger.error({ err: error }, message)
): () => void {
	const describe = (what: string) => {
		const request = requestContext.getStore();
		return request
			? `${what} while serving ${request.method} ${request.route ?? request.path}`
			: `${what} (not during a request)`;
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
