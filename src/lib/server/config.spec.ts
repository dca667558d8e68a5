import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
	it('listens on 127.0.0.1 for a demo shop, on every interface otherwise, and on HOST when it is set', () => {
		expect(readConfig({})).toMatchObject({ demo: true, host: '127.0.0.1' });
		expect(readConfig({ FLOORBOARD_DEMO: '1', DATABASE_URL: 'postgres://db/shop' })).toMatchObject({
			demo: true,
			host: '127.0.0.1'
		});
		expect(readConfig({ DATABASE_URL: 'postgres://db/shop' })).toMatchObject({
			demo: false,
			host: '0.0.0.0'
		});
		expect(readConfig({ FLOORBOARD_DEMO: '0' })).toMatchObject({ demo: false, host: '0.0.0.0' });
		expect(readConfig({ HOST: '0.0.0.0' })).toMatchObject({ demo: true, host: '0.0.0.0' });
		expect(readConfig({ HOST: '192.168.1.5', DATABASE_URL: 'postgres://db/shop' })).toMatchObject({
			host: '192.168.1.5'
		});
		expect(readConfig({ HOST: ' ' })).toMatchObject({ host: '127.0.0.1' });
	});

	it('sweeps timed rules every minute unless FLOORBOARD_CRON says when, or `off`', () => {
		expect(readConfig({}).cronSchedule).toBe('* * * * *');
		expect(readConfig({ FLOORBOARD_CRON: ' ' }).cronSchedule).toBe('* * * * *');
		expect(readConfig({ FLOORBOARD_CRON: '*/5 * * * *' }).cronSchedule).toBe('*/5 * * * *');
		expect(readConfig({ FLOORBOARD_CRON: 'off' }).cronSchedule).toBeNull();
		expect(readConfig({ FLOORBOARD_CRON: 'OFF ' }).cronSchedule).toBeNull();
	});

	it('caps live connections per address at 50 unless FLOORBOARD_SOCKETS_PER_ADDRESS says otherwise', () => {
		expect(readConfig({}).socketsPerAddress).toBe(50);
		expect(readConfig({ FLOORBOARD_SOCKETS_PER_ADDRESS: '400' }).socketsPerAddress).toBe(400);
		for (const bad of ['0', '-3', '2.5', 'many', ' '])
			expect(readConfig({ FLOORBOARD_SOCKETS_PER_ADDRESS: bad }).socketsPerAddress).toBe(50);
	});

	it('serves /metrics only with FLOORBOARD_METRICS_TOKEN or on FLOORBOARD_METRICS_PORT', () => {
		expect(readConfig({})).toMatchObject({ metricsToken: null, metricsPort: null });
		expect(
			readConfig({ FLOORBOARD_METRICS_TOKEN: ' s3cret ', FLOORBOARD_METRICS_PORT: '9464' })
		).toMatchObject({ metricsToken: 's3cret', metricsPort: 9464 });
		expect(readConfig({ FLOORBOARD_METRICS_TOKEN: ' ' }).metricsToken).toBeNull();
		for (const bad of ['0', 'http', '-1'])
			expect(readConfig({ FLOORBOARD_METRICS_PORT: bad }).metricsPort).toBeNull();
	});
});
