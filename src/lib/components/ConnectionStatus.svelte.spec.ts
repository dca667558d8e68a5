import { render } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConnectionStatus from './ConnectionStatus.svelte';
import type { Connection, LinkState } from '$lib/client/connection.svelte';
import type { LinkAudience } from '$lib/client/link-text';
import { clockTime } from '$lib/client/format';
import { setLocale } from '$lib/paraglide/runtime';

/** The badge reads only the connection's state. */
const badge = (state: LinkState | null, audience: LinkAudience = 'app') => {
	const { container } = render(ConnectionStatus, {
		connection: state ? ({ state } as Connection) : null,
		audience
	});
	const status = container.querySelector('[role="status"]')!;
	const shown = status.querySelector('[aria-hidden="true"]:not(.dot)')!;
	const detail = shown.querySelector('.detail')?.textContent ?? null;
	return {
		shown:
			detail === null
				? shown.textContent
				: `${shown.textContent!.slice(0, -detail.length)} · ${detail}`,
		spoken: status.querySelector('.visually-hidden')!.textContent,
		kind: status.getAttribute('data-status')
	};
};

// The clock stands still, so the countdown reads the same however slowly the test runs.
const NOW = new Date('2026-12-04T10:50:00Z').getTime();
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
afterEach(() => {
	vi.useRealTimers();
	setLocale('en', { reload: false });
});

describe('ConnectionStatus', () => {
	it('says Live, and Connecting… before the page has a connection', () => {
		expect(badge({ kind: 'online' })).toEqual({ shown: 'Live', spoken: 'Live', kind: 'online' });
		expect(badge(null)).toMatchObject({ shown: 'Connecting…', kind: 'connecting' });
	});

	it('counts down to the next attempt and says since when it is offline; a screen reader hears no countdown', () => {
		const since = new Date('2026-12-04T10:42:00Z').getTime();
		const offline = badge({ kind: 'offline', since, retryAt: NOW + 7_600 });
		const time = clockTime(new Date(since), 'en');
		expect(offline).toEqual({
			shown: `Reconnecting in 8 s · Offline since ${time}`,
			spoken: `Reconnecting…. Offline since ${time}`,
			kind: 'offline'
		});
		expect(badge({ kind: 'offline', since, retryAt: null }).shown).toBe(
			`Reconnecting… · Offline since ${time}`
		);
	});

	it('says why access ended, in the words of the screen that lost it', () => {
		expect(badge({ kind: 'ended', reason: 'display_revoked' }, 'display').shown).toBe(
			'This display link was revoked'
		);
		expect(badge({ kind: 'ended', reason: 'unauthorized' }, 'display').shown).toBe(
			'This display link was revoked'
		);
		expect(badge({ kind: 'ended', reason: 'unauthorized' }, 'app').shown).toBe(
			'Your session ended'
		);
		expect(badge({ kind: 'ended', reason: 'session_ended' }, 'app').kind).toBe('ended');
		expect(badge({ kind: 'ended', reason: 'forbidden_origin' }, 'app').shown).toBe(
			'Connection refused'
		);
	});

	it('speaks Czech and Russian', () => {
		const since = NOW - 60_000;
		setLocale('cs', { reload: false });
		expect(badge({ kind: 'offline', since, retryAt: NOW + 2_500 }).shown).toMatch(
			/^Znovu se připojím za 3 s · Offline od /
		);
		expect(badge({ kind: 'ended', reason: 'display_revoked' }, 'display').shown).toBe(
			'Odkaz pro tuto obrazovku byl zrušen'
		);
		setLocale('ru', { reload: false });
		expect(badge({ kind: 'offline', since, retryAt: NOW + 2_500 }).shown).toMatch(
			/^Переподключение через 3 с · Нет связи с /
		);
		expect(badge({ kind: 'online' }).shown).toBe('В эфире');
	});
});
