import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Board from './Board.svelte';
import { BoardState, type BoardPages } from '$lib/client/board.svelte';
import { FIRST_CARDS, type StageView } from '$lib/contract/views';
import { boardJob } from '$lib/testing/board-job';

const stage = (id: number, name: string): StageView => ({
	id,
	workflowId: 1,
	position: id,
	internalName: name,
	externalName: name,
	meaning: 'none',
	departmentId: null,
	description: '',
	color: '#2563eb',
	icon: 'printer',
	wipLimit: null,
	wipEnforced: false
});

describe('the board rendered on the server', () => {
	it('carries the cards each column shows first and its count in the HTML, before any script runs', () => {
		const cards = Array.from({ length: FIRST_CARDS }, (_, i) =>
			boardJob({ id: 100 + i, title: `Job ${i + 1}`, stageId: 4, rank: `a${i}`, version: 1 })
		);
		const board = new BoardState({
			workflow: {
				id: 1,
				name: 'Offset',
				description: '',
				isDefault: true,
				valid: true,
				problems: []
			},
			departments: [],
			stages: [stage(4, 'Press'), stage(5, 'Cutting')],
			jobs: cards,
			finishedWindowDays: 14,
			columns: {
				4: { total: 4000, matching: 4000, next: 'cursor-1' },
				5: { total: 0, matching: 0, next: null }
			}
		} as BoardPages);
		const { body } = render(Board, {
			props: { board, states: {}, now: new Date('2026-11-23T12:00:00Z') }
		});
		expect(body.match(/<article[^>]*class="card/g)?.length).toBe(FIRST_CARDS);
		expect(body).toContain('Job 1<');
		expect(body).toContain(`Job ${FIRST_CARDS}<`);
		expect(body).toMatch(/class="count[^"]*"[^>]*>\s*4000/);
	});
});
