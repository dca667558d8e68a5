export interface ToastAction {
	/** The button's text, and its accessible name when `label` is not given. */
	text: string;
	label?: string;
	run: () => void;
}

export interface Toast {
	id: number;
	kind: 'error' | 'info' | 'success';
	message: string;
	action?: ToastAction;
}

/**
 * Short-lived messages (a refused move, a lost connection, a move with its Undo) shown in one corner, read out by
 * screen readers. A toast a person is pointing at or has focused stays until they leave it.
 */
class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;
	readonly #timers = new Map<number, { timer: ReturnType<typeof setTimeout> | null; ms: number }>();

	show(message: string, kind: Toast['kind'] = 'info', ms = 5000, action?: ToastAction): number {
		const id = this.#next++;
		this.items.push({ id, kind, message, action });
		this.#timers.set(id, { timer: setTimeout(() => this.dismiss(id), ms), ms });
		return id;
	}

	dismiss(id: number): void {
		const entry = this.#timers.get(id);
		if (entry?.timer) clearTimeout(entry.timer);
		this.#timers.delete(id);
		this.items = this.items.filter((toast) => toast.id !== id);
	}

	/** The toast is being read or reached for: it stays. */
	hold(id: number): void {
		const entry = this.#timers.get(id);
		if (entry?.timer) clearTimeout(entry.timer);
		if (entry) entry.timer = null;
	}

	/** Left again: it goes after a while. */
	release(id: number): void {
		const entry = this.#timers.get(id);
		if (entry && entry.timer === null)
			entry.timer = setTimeout(() => this.dismiss(id), Math.min(entry.ms, 3000));
	}
}

export const toasts = new Toasts();
