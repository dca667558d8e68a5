import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import { operatorExpiresAt } from '../../domain/station';
import { userActor } from '../actors';
import { hashPassword, verifyPassword } from '../auth/password';
import { ACTOR_USER_COLUMNS } from '../auth/session';
import { LoginThrottle } from '../auth/rate-limit';
import { generateSecretToken, hashToken } from '../auth/token';
import { inTransaction, type DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import { accessEnded, type DomainEvent } from '../events';
import { recordAudit } from '../record-audit';
import { getSetting } from '../settings';
import { dbId } from '../validation';
import type { StationTarget } from './queue';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** The operator signed in on a station now. */
export interface StationOperator {
	actor: UserActor;
	/** This sign-in's id: signing out ends the sockets it opened (their access room). */
	session: string;
	/** When the operator is signed out unless they act before. */
	expiresAt: Date;
}

/** A tablet set up as a station: a department's, or a stage group's (exactly one of the two ids). */
export interface StationDevice {
	id: number;
	departmentId: number | null;
	groupId: number | null;
	operator: StationOperator | null;
}

/** The station a device is. */
export const deviceTarget = (
	device: Pick<StationDevice, 'departmentId' | 'groupId'>
): StationTarget =>
	device.groupId !== null
		? { kind: 'group', id: device.groupId }
		: { kind: 'department', id: device.departmentId! };

/** For callers without their own (scripts, service tests); routes pass the process's `stationThrottle`. */
export const stationThrottle = new LoginThrottle();
// A real hash to verify against when the person has no PIN: the timing does not tell who has one.
const dummyHash = hashPassword('0000-floorboard-timing');

/**
 * Makes this browser a station (managers and admins) — a department's, or with `groupId` a stage group's: returns
 * the device's secret token for its cookie; only its SHA-256 is stored. Operators then sign in on it with their PIN.
 */
export async function setUpStationDevice(
	db: DbOrTx,
	actor: Actor,
	input: { departmentId: number } | { groupId: number }
): Promise<{ token: string; deviceId: number }> {
	const group = 'groupId' in input;
	const placeId = dbId().parse(group ? input.groupId : input.departmentId);
	if (actor.kind !== 'user' || (actor.role !== 'admin' && actor.role !== 'manager'))
		throw new AppError('forbidden', 'Only managers and admins set up stations.');
	const token = generateSecretToken();
	return inTransaction(db, async (tx) => {
		const place = await tx
			.selectFrom(group ? 'station_groups' : 'departments')
			.select('id')
			.where('id', '=', placeId)
			.executeTakeFirst();
		if (!place) throw notFound(group ? 'Station' : 'Department');
		const { id } = await tx
			.insertInto('station_devices')
			.values({
				token_hash: hashToken(token),
				department_id: group ? null : placeId,
				group_id: group ? placeId : null,
				created_by: actor.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, actor, {
			action: 'station.set_up',
			entity: group ? 'station_group' : 'department',
			entityId: placeId,
			data: { deviceId: id }
		});
		return { token, deviceId: id };
	});
}

/** Stops this browser being a station (managers and admins); its operator is signed out. */
export async function forgetStationDevice(
	db: DbOrTx,
	actor: Actor,
	token: string
): Promise<{ events: DomainEvent[] }> {
	if (actor.kind !== 'user' || (actor.role !== 'admin' && actor.role !== 'manager'))
		throw new AppError('forbidden', 'Only managers and admins remove stations.');
	const row = await db
		.deleteFrom('station_devices')
		.where('token_hash', '=', hashToken(token))
		.returning(['operator_session'])
		.executeTakeFirst();
	return { events: endedEvents(row?.operator_session ?? null) };
}

const OPERATOR_COLUMNS = [
	'station_devices.id',
	'station_devices.department_id',
	'station_devices.group_id',
	'station_devices.operator_session',
	'station_devices.operator_active_at',
	'users.id as user_id',
	...ACTOR_USER_COLUMNS
] as const;

/**
 * The station a device token stands for and its operator, if one is signed in and was active within the shop's
 * idle minutes. `touch`: this request is the operator acting (a page, a button), which keeps them signed in.
 * An operator found idle (or deactivated) is signed out here, with the events that end their sockets.
 */
export async function stationDeviceOf(
	db: DbOrTx,
	token: string,
	options: { touch: boolean; now?: Date }
): Promise<{ device: StationDevice; events: DomainEvent[] } | null> {
	const now = options.now ?? new Date();
	const row = await db
		.selectFrom('station_devices')
		.leftJoin('users', 'users.id', 'station_devices.operator_id')
		.select(OPERATOR_COLUMNS)
		.where('station_devices.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return null;
	const device: StationDevice = {
		id: row.id,
		departmentId: row.department_id,
		groupId: row.group_id,
		operator: null
	};
	if (row.user_id === null || row.operator_session === null || row.operator_active_at === null)
		return { device, events: [] };
	const idleMinutes = await getSetting(db, 'station_idle_minutes');
	const expiresAt = operatorExpiresAt(row.operator_active_at, idleMinutes);
	if (!row.active || expiresAt.getTime() <= now.getTime()) {
		return { device, events: await clearOperator(db, row.id, row.operator_session) };
	}
	if (options.touch)
		await db
			.updateTable('station_devices')
			.set({ operator_active_at: now })
			.where('id', '=', row.id)
			.execute();
	const actor = await userActor(db, {
		id: row.user_id,
		email: row.email!,
		name: row.name!,
		role: row.role!,
		manager_visibility: row.manager_visibility ?? null,
		restrict_stages: row.restrict_stages!,
		language: row.language ?? null
	});
	device.operator = {
		actor,
		session: row.operator_session,
		expiresAt: options.touch ? operatorExpiresAt(now, idleMinutes) : expiresAt
	};
	return { device, events: [] };
}

export const pinSignInInput = z.object({
	userId: dbId('Choose your name.'),
	pin: z.string().trim().min(1, 'Enter your PIN.').max(32)
});

/**
 * Signs a person in on a station with their PIN, throttled like passwords (`auth/rate-limit.ts`): per person and
 * per station, growing waits, answered 429 before the PIN is checked. The one signed in before is signed out.
 */
export async function signInOperator(
	db: DbOrTx,
	token: string,
	input: z.input<typeof pinSignInInput>,
	throttle: LoginThrottle = stationThrottle,
	now = new Date()
): Promise<{ operator: StationOperator; events: DomainEvent[] }> {
	const { userId, pin } = pinSignInInput.parse(input);
	const found = await stationDeviceOf(db, token, { touch: false, now });
	if (!found) throw new AppError('unauthorized', 'This device is not a station any more.');
	const account = `user:${userId}`;
	const station = `station:${found.device.id}`;
	const wait = throttle.begin(account, station);
	if (wait > 0) throw tooManyTries(Math.ceil(wait / 1000));
	const person = await db
		.selectFrom('users')
		.leftJoin('station_pins', 'station_pins.user_id', 'users.id')
		.select(['users.id', 'users.active', 'station_pins.pin_hash'])
		.where('users.id', '=', userId)
		.executeTakeFirst();
	const hash = person?.pin_hash ?? (await dummyHash);
	const valid = (await verifyPassword(hash, pin)) && !!person?.pin_hash && person.active;
	if (!valid)
		throw new AppError('unauthorized', 'Wrong PIN.', {
			i18n: { key: 'station_wrong_pin', params: {} }
		});
	throttle.succeeded(account, station);
	const session = generateSecretToken();
	const previous = await db
		.selectFrom('station_devices')
		.select('operator_session')
		.where('id', '=', found.device.id)
		.executeTakeFirstOrThrow();
	await db
		.updateTable('station_devices')
		.set({ operator_id: userId, operator_session: session, operator_active_at: now })
		.where('id', '=', found.device.id)
		.execute();
	const signedIn = await stationDeviceOf(db, token, { touch: false, now });
	return {
		operator: signedIn!.device.operator!,
		events: [...found.events, ...endedEvents(previous.operator_session)]
	};
}

/** Signs the station's operator out (the button, or a new operator signing in); their sockets end. */
export async function signOutOperator(
	db: DbOrTx,
	token: string
): Promise<{ events: DomainEvent[] }> {
	const row = await db
		.selectFrom('station_devices')
		.select(['id', 'operator_session'])
		.where('token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return { events: [] };
	return { events: await clearOperator(db, row.id, row.operator_session) };
}

async function clearOperator(
	db: DbOrTx,
	deviceId: number,
	session: string | null
): Promise<DomainEvent[]> {
	await db
		.updateTable('station_devices')
		.set({ operator_id: null, operator_session: null, operator_active_at: null })
		.where('id', '=', deviceId)
		.execute();
	return endedEvents(session);
}

const endedEvents = (session: string | null): DomainEvent[] =>
	session ? [accessEnded({ sessionId: session }, 'session_ended')] : [];

/** The people who may sign in at a station: active, with a PIN; by name. */
export async function stationPeople(db: DbOrTx): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('users')
		.innerJoin('station_pins', 'station_pins.user_id', 'users.id')
		.select(['users.id', 'users.name'])
		.where('users.active', '=', true)
		.orderBy('users.name')
		.execute();
}

function tooManyTries(seconds: number): AppError {
	return new AppError(
		'too_many_requests',
		`Too many wrong PINs. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
		{ retryAfterSeconds: seconds, i18n: { key: 'station_too_many', params: { count: seconds } } }
	);
}
