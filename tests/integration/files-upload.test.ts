import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { setSetting } from '../../src/lib/server/settings';
import { createApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { filesForm, makePdf, makePng, sha256, storedFiles, useFilesDir } from '../helpers/files';
import { refusedRequest } from '../helpers/refusal';

const database = useTestDatabase();
const filesDir = useFilesDir();
let app: TestApp;
let shop: Shop;
let admin: string;
let jobId: number;

beforeEach(async () => {
	app = await createApp(database.current, {
		config: { ...readConfig({}), demo: false, filesDir: filesDir.current }
	});
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
	jobId = (await placeOrder(database.current.db, shop)).jobs[0].id;
});

/** An upload that must be refused: the status and code, nothing in the database and nothing in the store. */
async function refusedUpload(
	options: Parameters<TestApp['request']>[2],
	status: number,
	code: string
) {
	const response = await refusedRequest(
		app,
		database.current.db,
		['POST', `/api/v1/jobs/${jobId}/files`, options],
		status,
		code
	);
	expect(await storedFiles(filesDir.current)).toEqual([]);
	return response;
}

describe('POST /api/v1/jobs/:id/files', () => {
	it('stores several files sent with a bearer token and no Origin, with thumbnails, and serves them back', async () => {
		const png = await makePng(800, 600);
		const pdf = makePdf();
		const upload = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
			token: admin,
			form: filesForm([
				{ name: 'front.png', bytes: png },
				{ name: 'Визитки «v2».pdf', bytes: pdf, type: 'image/png' } // the declared type is not believed
			])
		});
		expect(upload.status, JSON.stringify(upload.body)).toBe(201);
		const byName = Object.fromEntries(
			upload.body.files.map((file: { name: string }) => [file.name, file])
		);
		expect(byName['front.png']).toMatchObject({
			jobId,
			contentType: 'image/png',
			size: png.length,
			sha256: sha256(png),
			uploadedBy: 'Ada Admin',
			proof: null
		});
		expect(byName['Визитки «v2».pdf']).toMatchObject({
			contentType: 'application/pdf',
			size: pdf.length
		});

		for (const file of upload.body.files) {
			expect(file.thumbnailUrl, `${file.name} has a thumbnail`).toBe(`${file.url}/thumbnail`);
			const thumbnail = await app.request('GET', file.thumbnailUrl, { token: admin });
			expect(thumbnail.status).toBe(200);
			expect(thumbnail.headers.get('content-type')).toBe('image/webp');
		}
		const download = await fetchBytes(byName['front.png'].url);
		expect(download.status).toBe(200);
		expect(sha256(download.bytes)).toBe(sha256(png));
		expect(download.headers.get('content-disposition')).toBe(
			'attachment; filename="front.png"; filename*=UTF-8\'\'front.png'
		);
		expect(download.headers.get('x-content-type-options')).toBe('nosniff');

		const list = await app.request('GET', `/api/v1/jobs/${jobId}/files`, { token: admin });
		expect(list.body.files.map((file: { name: string }) => file.name).sort()).toEqual(
			['Визитки «v2».pdf', 'front.png'].sort()
		);
		const history = await database.current.db
			.selectFrom('job_events')
			.select(['kind', 'actor_name'])
			.where('job_id', '=', jobId)
			.where('kind', '=', 'file_added')
			.execute();
		expect(history).toEqual([
			{ kind: 'file_added', actor_name: 'Ada Admin' },
			{ kind: 'file_added', actor_name: 'Ada Admin' }
		]);
		// Two files and two thumbnails; no temporary leftovers.
		expect(await storedFiles(filesDir.current)).toHaveLength(4);
	});

	it('keeps the CSRF check for cookie uploads: same origin passes, another site is refused', async () => {
		const form = () => filesForm([{ name: 'a.png', bytes: Buffer.from([]) }]);
		const cookie = { cookie: `session=${admin}` };
		const png = await makePng();
		const foreign = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
			headers: { ...cookie, origin: 'https://evil.example' },
			form: form()
		});
		expect(foreign.status).toBe(403);
		const noOrigin = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
			headers: cookie,
			form: form()
		});
		expect(noOrigin.status).toBe(403);
		const sameSite = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
			headers: { ...cookie, origin: 'http://localhost' },
			form: filesForm([{ name: 'a.png', bytes: png }])
		});
		expect(sameSite.status).toBe(201);
	});

	it('refuses a file whose bytes are not of an allowed type, whatever its name says', async () => {
		const response = await refusedUpload(
			{
				token: admin,
				form: filesForm([{ name: 'artwork.pdf', bytes: Buffer.from('<script>alert(1)</script>') }])
			},
			415,
			'unsupported_file_type'
		);
		expect(response.body.error.message).toContain('artwork.pdf');
		await setSetting(database.current.db, 'files_allowed_types', ['application/pdf']);
		await refusedUpload(
			{ token: admin, form: filesForm([{ name: 'photo.png', bytes: await makePng() }]) },
			415,
			'unsupported_file_type'
		);
	});

	it('refuses a file over the size limit, and the whole request when one of its files is bad', async () => {
		await setSetting(database.current.db, 'files_max_mb', 1);
		const big = await makePng(700, 700, true);
		expect(big.length).toBeGreaterThan(1024 * 1024);
		await refusedUpload(
			{ token: admin, form: filesForm([{ name: 'big.png', bytes: big }]) },
			413,
			'payload_too_large'
		);
		await refusedUpload(
			{
				token: admin,
				form: filesForm([
					{ name: 'fine.png', bytes: await makePng() },
					{ name: 'big.png', bytes: big }
				])
			},
			413,
			'payload_too_large'
		);
	});

	it.each([
		['../../etc/passwd.png'],
		['..\\..\\boot.png'],
		['nested/dir/a.png'],
		['C:evil.png'],
		['..']
	])('refuses the path trick %j in a file name', async (name) => {
		await refusedUpload(
			{ token: admin, form: filesForm([{ name, bytes: await makePng() }]) },
			422,
			'invalid_input'
		);
	});

	it('answers malformed uploads with 400 and unknown lines with 404', async () => {
		await refusedUpload({ token: admin, body: { file: 'x' } }, 400, 'invalid_input');
		await refusedUpload(
			{ token: admin, form: filesForm([{ name: 'a.png', bytes: await makePng() }], 'attachment') },
			400,
			'invalid_input'
		);
		await refusedRequest(
			app,
			database.current.db,
			[
				'POST',
				'/api/v1/jobs/999999/files',
				{ token: admin, form: filesForm([{ name: 'a.png', bytes: await makePng() }]) }
			],
			404,
			'not_found'
		);
		await refusedUpload(
			{
				form: filesForm([{ name: 'a.png', bytes: await makePng() }]),
				headers: { origin: 'http://localhost' }
			},
			401,
			'unauthorized'
		);
	});
});

async function fetchBytes(path: string) {
	const response = await app.request<Buffer>('GET', path, { token: admin, binary: true });
	return { ...response, bytes: response.body };
}
