import { sql, type Kysely } from 'kysely';

/**
 * The whole domain of DESIGN.md. Frozen in time: later changes get their own migration.
 * Integer identity keys; times are timestamptz; ranks sort bytewise (COLLATE "C") because
 * fractional-indexing keys rely on ASCII order.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'jsonb', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('departments')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull().unique())
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('color', 'text', (c) => c.notNull().defaultTo('#64748b'))
		.execute();

	await db.schema
		.createTable('workflows')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// At most one default workflow.
	await sql`create unique index workflows_one_default on workflows (is_default) where is_default`.execute(
		db
	);

	await db.schema
		.createTable('stages')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('workflow_id', 'integer', (c) =>
			c.notNull().references('workflows.id').onDelete('cascade')
		)
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('internal_name', 'text', (c) => c.notNull())
		.addColumn('external_name', 'text', (c) => c.notNull())
		.addColumn('meaning', 'text', (c) =>
			c
				.notNull()
				.defaultTo('none')
				.check(
					sql`meaning in ('none','received','in_production','shipped','completed','cancelled')`
				)
		)
		.addColumn('department_id', 'integer', (c) =>
			c.references('departments.id').onDelete('set null')
		)
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('color', 'text', (c) => c.notNull().defaultTo('#94a3b8'))
		.addColumn('icon', 'text', (c) => c.notNull().defaultTo('circle'))
		.addColumn('wip_limit', 'integer', (c) => c.check(sql`wip_limit is null or wip_limit > 0`))
		.addColumn('wip_enforced', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('notify_customer', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
	await db.schema
		.createIndex('stages_workflow_position')
		.on('stages')
		.columns(['workflow_id', 'position'])
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role in ('admin','manager','staff','contractor')`)
		)
		.addColumn('password_hash', 'text', (c) => c.notNull())
		// null: follow the shop setting; 'all' or 'own' overrides it for this manager.
		.addColumn('manager_visibility', 'text', (c) =>
			c.check(sql`manager_visibility in ('all','own')`)
		)
		// false: may move jobs into every stage; true: only into user_allowed_stages.
		.addColumn('restrict_stages', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('language', 'text')
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('user_allowed_stages')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('stage_id', 'integer', (c) =>
			c.notNull().references('stages.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('user_allowed_stages_pk', ['user_id', 'stage_id'])
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the token, hex
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('api_keys')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_used_at', 'timestamptz')
		.addColumn('revoked_at', 'timestamptz')
		.execute();

	await db.schema
		.createTable('products')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('workflow_id', 'integer', (c) => c.notNull().references('workflows.id'))
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();

	await db.schema
		.createTable('product_contractors')
		.addColumn('product_id', 'integer', (c) =>
			c.notNull().references('products.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('product_contractors_pk', ['product_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('customers')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('registered_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('customers_email').on('customers').column('email').execute();

	await db.schema
		.createTable('order_states')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('key', 'text', (c) => c.unique()) // preset key, null for custom states
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('color', 'text', (c) => c.notNull())
		.addColumn('text_color', 'text', (c) => c.notNull().defaultTo('#ffffff'))
		.addColumn('icon', 'text', (c) => c.notNull().defaultTo('circle'))
		.addColumn('preset', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('operations', 'jsonb', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('approval_rules')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('condition', 'jsonb', (c) => c.notNull())
		.addColumn('state_id', 'integer', (c) => c.notNull().references('order_states.id'))
		.addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();

	await sql`create sequence order_numbers start 1001`.execute(db);
	await db.schema
		.createTable('orders')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('number', 'integer', (c) =>
			c
				.notNull()
				.unique()
				.defaultTo(sql`nextval('order_numbers')`)
		)
		.addColumn('external_number', 'text')
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('customer_id', 'integer', (c) => c.notNull().references('customers.id'))
		.addColumn('manager_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_by_user_id', 'integer', (c) =>
			c.references('users.id').onDelete('set null')
		)
		.addColumn('created_by_api_key_id', 'integer', (c) =>
			c.references('api_keys.id').onDelete('set null')
		)
		.addColumn('state_id', 'integer', (c) => c.notNull().references('order_states.id'))
		.addColumn('phase', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('payment_status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('unpaid')
				.check(sql`payment_status in ('unpaid','partially_paid','paid','refunded')`)
		)
		.addColumn('total', 'numeric(12, 2)', (c) => c.notNull().defaultTo(0))
		.addColumn('order_date', 'timestamptz')
		.addColumn('issue_date', 'timestamptz')
		.addColumn('due_at', 'timestamptz')
		.addColumn('tracking_token', 'text', (c) => c.notNull().unique())
		.addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('orders_manager').on('orders').column('manager_id').execute();
	await db.schema.createIndex('orders_customer').on('orders').column('customer_id').execute();

	await db.schema
		.createTable('order_links')
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('linked_order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addPrimaryKeyConstraint('order_links_pk', ['order_id', 'linked_order_id'])
		.execute();

	await db.schema
		.createTable('legal_texts')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('kind', 'text', (c) => c.notNull()) // terms, cancellation_policy, …
		.addColumn('version', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('effective_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('legal_texts_kind_version', ['kind', 'version'])
		.execute();

	await db.schema
		.createTable('order_legal_texts')
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('legal_text_id', 'integer', (c) => c.notNull().references('legal_texts.id'))
		.addPrimaryKeyConstraint('order_legal_texts_pk', ['order_id', 'legal_text_id'])
		.execute();

	await db.schema
		.createTable('jobs')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('product_id', 'integer', (c) => c.notNull().references('products.id'))
		.addColumn('workflow_id', 'integer', (c) => c.notNull().references('workflows.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
		.addColumn('unit_price', 'numeric(12, 2)', (c) => c.notNull().defaultTo(0))
		.addColumn('stage_id', 'integer', (c) => c.references('stages.id')) // null while the order is a draft
		.addColumn('phase', 'text', (c) => c.notNull().defaultTo('draft'))
		.addColumn('contractor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('rank', sql`text collate "C"`, (c) => c.notNull().defaultTo('a0'))
		.addColumn('entered_stage_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('jobs_board')
		.on('jobs')
		.columns(['workflow_id', 'stage_id', 'rank'])
		.execute();
	await db.schema.createIndex('jobs_stage_rank').on('jobs').columns(['stage_id', 'rank']).execute();
	await db.schema.createIndex('jobs_order').on('jobs').column('order_id').execute();
	await db.schema
		.createIndex('jobs_contractor')
		.on('jobs')
		.columns(['contractor_id', 'workflow_id'])
		.execute();
	// What the timed-rule sweep scans: jobs of a stage by how long they have sat there.
	await db.schema
		.createIndex('jobs_stage_entered')
		.on('jobs')
		.columns(['stage_id', 'entered_stage_at'])
		.execute();

	await db.schema
		.createTable('timed_rules')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('workflow_id', 'integer', (c) =>
			c.notNull().references('workflows.id').onDelete('cascade')
		)
		.addColumn('from_stage_id', 'integer', (c) =>
			c.notNull().references('stages.id').onDelete('cascade')
		)
		.addColumn('to_stage_id', 'integer', (c) =>
			c.notNull().references('stages.id').onDelete('cascade')
		)
		.addColumn('after_amount', 'integer', (c) => c.notNull().check(sql`after_amount > 0`))
		.addColumn('after_unit', 'text', (c) =>
			c.notNull().check(sql`after_unit in ('hours','days','weeks')`)
		)
		.addColumn('warn_amount', 'integer')
		.addColumn('warn_unit', 'text', (c) => c.check(sql`warn_unit in ('hours','days','weeks')`))
		.addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('timed_rule_warnings')
		.addColumn('rule_id', 'integer', (c) =>
			c.notNull().references('timed_rules.id').onDelete('cascade')
		)
		.addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
		// One warning per stay in the stage: a job that leaves and comes back is warned again.
		.addColumn('entered_stage_at', 'timestamptz', (c) => c.notNull())
		.addColumn('warned_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('timed_rule_warnings_pk', ['rule_id', 'job_id', 'entered_stage_at'])
		.execute();

	await db.schema
		.createTable('job_events')
		.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('kind', 'text', (c) => c.notNull()) // created, commissioned, moved, assigned, state_changed
		.addColumn('actor_kind', 'text', (c) =>
			c.notNull().check(sql`actor_kind in ('user','rule','api_key','system')`)
		)
		.addColumn('actor_id', 'integer')
		.addColumn('actor_name', 'text', (c) => c.notNull())
		.addColumn('from_stage_id', 'integer')
		.addColumn('to_stage_id', 'integer')
		.addColumn('from_phase', 'text')
		.addColumn('to_phase', 'text')
		.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();
	await db.schema
		.createIndex('job_events_job')
		.on('job_events')
		.columns(['job_id', 'at'])
		.execute();
	await db.schema
		.createIndex('job_events_order')
		.on('job_events')
		.columns(['order_id', 'at'])
		.execute();

	await db.schema
		.createTable('outbox')
		.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('channel', 'text', (c) =>
			c.notNull().check(sql`channel in ('email','webhook','notification')`)
		)
		.addColumn('topic', 'text', (c) => c.notNull()) // order_commissioned, phase_changed, order_completed, …
		.addColumn('recipient', 'text', (c) => c.notNull())
		.addColumn('payload', 'jsonb', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`status in ('pending','sent','failed')`)
		)
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_error', 'text')
		.addColumn('order_id', 'integer', (c) => c.references('orders.id').onDelete('set null'))
		.addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('set null'))
		.addColumn('actor_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.execute();
	await sql`create index outbox_due on outbox (next_attempt_at) where status = 'pending'`.execute(
		db
	);

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('link', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.execute();
	await db.schema
		.createIndex('notifications_user')
		.on('notifications')
		.columns(['user_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('display_links')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('token', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('workflow_id', 'integer', (c) =>
			c.notNull().references('workflows.id').onDelete('cascade')
		)
		.addColumn('department_ids', sql`integer[]`) // null: every department
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('revoked_at', 'timestamptz')
		.execute();

	await db.schema
		.createTable('webhooks')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('events', sql`text[]`, (c) => c.notNull())
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('message_templates')
		.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('topic', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addUniqueConstraint('message_templates_topic_language', ['topic', 'language'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
		.addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text')
		.addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'audit_log',
		'message_templates',
		'webhooks',
		'display_links',
		'notifications',
		'outbox',
		'job_events',
		'timed_rule_warnings',
		'timed_rules',
		'jobs',
		'order_legal_texts',
		'legal_texts',
		'order_links',
		'orders',
		'approval_rules',
		'order_states',
		'customers',
		'product_contractors',
		'products',
		'api_keys',
		'sessions',
		'user_allowed_stages',
		'users',
		'stages',
		'workflows',
		'departments',
		'settings'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
	await sql`drop sequence if exists order_numbers`.execute(db);
}
