import { sql, type RawBuilder } from 'kysely';

type Column = RawBuilder<unknown> | ReturnType<typeof sql.ref>;

/**
 * `at` shifted by a rule duration stored in two columns, in SQL, with the semantics of the pure `dueAt`: hours are
 * elapsed time (as minutes are), days and weeks calendar steps at the same wall-clock time in `timeZone` (PostgreSQL and
 * @date-fns/tz resolve a wall-clock time in a DST gap or overlap alike; the integration test compares them).
 */
function shifted(
	at: Column,
	amount: Column,
	unit: Column,
	sign: 1 | -1,
	timeZone: string
): RawBuilder<Date> {
	const op = sql.raw(sign === 1 ? '+' : '-');
	return sql<Date>`(case when ${unit} = 'minutes' then ${at} ${op} make_interval(mins => ${amount})
		when ${unit} = 'hours' then ${at} ${op} make_interval(hours => ${amount})
		else ((${at} at time zone ${timeZone}) ${op} make_interval(days => ${amount} * (case when ${unit} = 'weeks' then 7 else 1 end))) at time zone ${timeZone} end)`;
}

/** When a job in `jobs` falls due under `timed_rules` (table aliases as given). */
export function dueSql(timeZone: string, jobs = 'jobs', rules = 'timed_rules'): RawBuilder<Date> {
	return shifted(
		sql.ref(`${jobs}.entered_stage_at`),
		sql.ref(`${rules}.after_amount`),
		sql.ref(`${rules}.after_unit`),
		1,
		timeZone
	);
}

/** When the admins are warned about it (null when the rule has no warning). */
export function warnSql(timeZone: string, jobs = 'jobs', rules = 'timed_rules'): RawBuilder<Date> {
	return shifted(
		dueSql(timeZone, jobs, rules),
		sql.ref(`${rules}.warn_amount`),
		sql.ref(`${rules}.warn_unit`),
		-1,
		timeZone
	);
}

/**
 * A bound on `entered_stage_at` the index `jobs_stage_entered` can range-scan: jobs that entered later cannot be
 * due by `until`. Calendar days differ from 24 hours only by a zone's offset changes, so a day of slack is ample.
 */
export function enteredBeforeSql(
	until: Date,
	rules = 'timed_rules',
	minus: 'after' | 'after_minus_warn' = 'after'
): RawBuilder<Date> {
	const minutes = (amount: string, unit: string) =>
		sql`(${sql.ref(`${rules}.${amount}`)} * (case ${sql.ref(`${rules}.${unit}`)} when 'weeks' then 10080 when 'days' then 1440 when 'hours' then 60 else 1 end))`;
	const span =
		minus === 'after'
			? minutes('after_amount', 'after_unit')
			: sql`(${minutes('after_amount', 'after_unit')} - coalesce(${minutes('warn_amount', 'warn_unit')}, 0))`;
	return sql<Date>`(${until}::timestamptz - make_interval(mins => ${span}) + interval '1 day')`;
}

/** The order state's table does not say `move: false` (a missing entry allows, as in the domain's order-state step). */
export function stateMayMove(): RawBuilder<boolean> {
	return sql<boolean>`(order_states.operations -> 'move') is distinct from 'false'::jsonb`;
}
