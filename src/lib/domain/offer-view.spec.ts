import { describe, expect, it } from 'vitest';
import {
	OFFER_VALID_DAYS,
	offerExpiresAt,
	offerStatus,
	projectOffer,
	type OfferFacts
} from './offer-view';

const created = new Date('2026-12-01T10:00:00Z');
const facts: OfferFacts = {
	number: 1083,
	createdAt: created,
	orderDate: null,
	customerName: 'Cleo Park',
	total: '135.5',
	commissionAllowed: true,
	items: [{ id: 7, title: 'Flyers', quantity: 3, unitPrice: '0.35' }],
	legalTexts: [{ kind: 'terms', version: '2', body: 'Terms' }],
	trackingToken: 'tracking-token-of-the-order'
};

describe('offer view', () => {
	it('is open until the end of its validity, then expired', () => {
		const end = offerExpiresAt(created);
		expect(end.getTime() - created.getTime()).toBe(OFFER_VALID_DAYS * 24 * 3600 * 1000);
		expect(offerStatus(facts, end)).toBe('open');
		expect(offerStatus(facts, new Date(end.getTime() + 1))).toBe('expired');
	});

	it('is accepted once the order has an order date, whatever the time; unavailable where the rules refuse', () => {
		const later = new Date('2027-06-01T00:00:00Z');
		expect(offerStatus({ ...facts, orderDate: created }, later)).toBe('accepted');
		expect(offerStatus({ ...facts, commissionAllowed: false }, created)).toBe('unavailable');
		expect(offerStatus({ ...facts, commissionAllowed: false }, later)).toBe('expired');
	});

	it('gives the customer the whitelist only: amounts as money strings, no ids, the tracking link once accepted', () => {
		const open = projectOffer(facts, created);
		expect(open.items).toEqual([
			{ title: 'Flyers', quantity: 3, unitPrice: '0.35', amount: '1.05' }
		]);
		expect(open.total).toBe('135.50');
		expect(open.trackingToken).toBeNull();
		expect(JSON.stringify(open)).not.toContain('"id"');
		expect(projectOffer({ ...facts, orderDate: created }, created).trackingToken).toBe(
			'tracking-token-of-the-order'
		);
	});
});
