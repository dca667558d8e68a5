let last: Promise<void> = Promise.resolve();

/**
 * Resolves on a later turn of the event loop than every earlier caller's: big answers (a board snapshot of a few
 * megabytes) go out one per turn, and the requests that arrive meanwhile (a sign-in page, a health check) are read
 * between them instead of after all of them.
 */
export function nextTurn(): Promise<void> {
	const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
	last = turn;
	return turn;
}
