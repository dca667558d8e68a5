import type { LayoutServerLoad } from './$types';
import { getContext } from '$lib/server/context';

/** Whether this is the demo shop: every page says so (its people and password are public). */
export const load: LayoutServerLoad = () => ({ demoShop: getContext().startup.demo !== null });
