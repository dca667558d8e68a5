import { sha256 } from '@oslojs/crypto/sha2';
import {
	encodeBase32LowerCaseNoPadding,
	encodeBase64urlNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';

/** 160 random bits, base32: sessions and API keys (case-insensitive, easy to copy). */
export function generateSecretToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** 128 random bits, URL-safe base64 (22 characters): tracking and display links. */
export function generateLinkToken(): string {
	return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(16)));
}

/** What is stored instead of a secret token, so a leaked table grants nothing. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Whether a text can be a tracking or display link token at all (URL-safe base64); anything else matches nothing. */
export const isLinkToken = (token: string): boolean => /^[A-Za-z0-9_-]{16,64}$/.test(token);
