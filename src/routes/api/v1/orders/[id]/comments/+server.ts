import { threadEndpoints } from '$lib/server/http/comment-endpoints';

/** An order's comments (on the order and its lines) as the caller may read them; `POST` writes one on the order. */
export const { GET, POST } = threadEndpoints((orderId) => ({ orderId }), 'Order');
