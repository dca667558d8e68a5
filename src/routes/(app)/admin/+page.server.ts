import { redirect } from '@sveltejs/kit';
import { ADMIN_SECTIONS } from '$lib/admin-sections';

/** `/admin` opens the first admin page. */
export const load = () => redirect(303, ADMIN_SECTIONS[0].href);
