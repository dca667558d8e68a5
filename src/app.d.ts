import type { Actor } from '$lib/domain/scope';
import type { SessionRecord, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: SessionRecord | null;
			actor: Actor | null;
			apiKey: { id: number; name: string } | null;
		}
	}
}

export {};
