import { getContext, setContext } from 'svelte';
import type { Connection } from './connection.svelte';

const KEY = Symbol('connection');

/** The signed-in app's one socket, opened by the layout in the browser and shared with its pages. */
export function provideConnection(get: () => Connection | null): void {
	setContext(KEY, get);
}

export function useConnection(): () => Connection | null {
	return getContext<() => Connection | null>(KEY) ?? (() => null);
}
