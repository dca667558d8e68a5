import { setAriaStrings } from 'svelte-dnd-action';
import { m } from '$lib/paraglide/messages';

/**
 * What svelte-dnd-action tells a screen reader during a keyboard move, in the page's language (its defaults are
 * English). Labels come from the zone's and the card slot's `aria-label`: the stage name and the card's label.
 */
export function translateDragAndDrop(): void {
	setAriaStrings({
		dragStarted: ({ itemLabel, zoneLabel }) =>
			m.dnd_drag_started({ item: itemLabel, zone: zoneLabel }),
		movedToPosition: ({ itemLabel, zoneLabel, position }) =>
			m.dnd_moved_to_position({ item: itemLabel, zone: zoneLabel, position }),
		movedToZoneEnd: ({ itemLabel, zoneLabel }) =>
			m.dnd_moved_to_end({ item: itemLabel, zone: zoneLabel }),
		movedToZoneStart: ({ itemLabel, zoneLabel }) =>
			m.dnd_moved_to_start({ item: itemLabel, zone: zoneLabel }),
		dropped: ({ itemLabel, zoneLabel, position, count }) =>
			m.dnd_dropped({ item: itemLabel, zone: zoneLabel, position, count }),
		zoneActiveInstruction: m.dnd_instruction(),
		zoneDragDisabledInstruction: m.dnd_read_only()
	});
}
