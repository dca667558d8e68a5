import { threadEndpoints } from '$lib/server/http/comment-endpoints';

/** A line's comments as the caller may read them; `POST {text, toCustomer?}` writes one (201 `{comment}`). */
export const { GET, POST } = threadEndpoints((jobId) => ({ jobId }), 'Job');
