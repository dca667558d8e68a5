export interface Toast {
	id: number;
	kind: 'error' | 'info' | 'success';
	message: string;
}

/** Short-lived messages (a refused move, a lost connection) shown in one corner, read out by screen readers. */
class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	show(message: string, kind: Toast['kind'] = 'info', ms = 5000): void {
		const id = this.#next++;
		this.items.push({ id, kind, message });
		setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
