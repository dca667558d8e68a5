/** `promise`, or a rejection with `timeout` after `ms`: a probe must answer even when the database does not. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'timeout' })), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
