import type { ColumnType, Generated, Selectable } from 'kysely';
import type { StationTables } from './station-schema';

/** Timestamps come back as Date; inserts and updates may pass a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric comes back from PostgreSQL as a string to keep its precision. */
type Numeric = ColumnType<string, string | number | undefined, string | number>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type PhaseColumn =
	'draft' | 'received' | 'in_production' | 'shipped' | 'completed' | 'cancelled';
export type MeaningColumn =
	'none' | 'received' | 'in_production' | 'shipped' | 'completed' | 'cancelled';
export type RoleColumn = 'admin' | 'manager' | 'staff' | 'contractor';
export type PaymentStatus = 'unpaid' | 'partially_paid' | 'paid' | 'refunded';
export type DurationUnitColumn = 'minutes' | 'hours' | 'days' | 'weeks';

export interface SettingsTable {
	key: string;
	value: Json<unknown>;
}

export interface DepartmentsTable {
	id: Generated<number>;
	name: string;
	position: Generated<number>;
	color: Generated<string>;
}

export interface WorkflowsTable {
	id: Generated<number>;
	name: string;
	description: Generated<string>;
	is_default: Generated<boolean>;
	created_at: CreatedAt;
	updated_at: CreatedAt;
}

export interface StagesTable {
	id: Generated<number>;
	workflow_id: number;
	position: number;
	internal_name: string;
	external_name: string;
	/** The external name in other languages, by language code; `external_name` is the fallback. */
	external_names: ColumnType<Record<string, string>, string | undefined, string>;
	meaning: ColumnType<MeaningColumn, MeaningColumn | undefined, MeaningColumn>;
	department_id: number | null;
	description: Generated<string>;
	color: Generated<string>;
	icon: Generated<string>;
	wip_limit: number | null;
	wip_enforced: Generated<boolean>;
	notify_customer: Generated<boolean>;
	proof_approved: Generated<boolean>;
	proof_changes: Generated<boolean>;
}

/** A stage removed in the workflow editor, kept for the names history shows. */
export interface RemovedStagesTable {
	id: number;
	workflow_id: number;
	internal_name: string;
	external_name: string;
	external_names: ColumnType<Record<string, string>, string | undefined, string>;
	meaning: MeaningColumn;
	removed_at: CreatedAt;
}

/** The view over current and removed stages: the names a history row can refer to. */
export interface StageNamesView {
	id: number;
	workflow_id: number;
	internal_name: string;
	external_name: string;
	external_names: Record<string, string>;
	meaning: MeaningColumn;
	removed: boolean;
}

export interface UsersTable {
	id: Generated<number>;
	email: string;
	name: string;
	role: RoleColumn;
	password_hash: string;
	manager_visibility: 'all' | 'own' | null;
	restrict_stages: Generated<boolean>;
	language: string | null;
	active: Generated<boolean>;
	created_at: CreatedAt;
	/** New-order notices by e-mail too (in-app ones always come). */
	email_new_orders: Generated<boolean>;
	/** @mention notices by e-mail too (in-app ones always come). */
	email_mentions: Generated<boolean>;
}

export interface UserAllowedStagesTable {
	user_id: number;
	stage_id: number;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	expires_at: Timestamp;
	created_at: CreatedAt;
}

export interface ApiKeysTable {
	id: Generated<number>;
	name: string;
	token_hash: string;
	created_by: number | null;
	created_at: CreatedAt;
	last_used_at: Timestamp | null;
	revoked_at: Timestamp | null;
}

export interface ProductsTable {
	id: Generated<number>;
	name: string;
	workflow_id: number;
	active: Generated<boolean>;
	/** Working days from the order date to issue; null: none set. */
	lead_time_days: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ProductContractorsTable {
	product_id: number;
	user_id: number;
}

export interface CustomersTable {
	id: Generated<number>;
	name: string;
	email: string;
	registered_by: number | null;
	created_at: CreatedAt;
	/** `en`, `cs` or `ru`; null: the tracking page follows the browser, then the shop. */
	language: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrderStatesTable {
	id: Generated<number>;
	key: string | null;
	name: string;
	color: string;
	text_color: Generated<string>;
	icon: Generated<string>;
	preset: Generated<boolean>;
	position: Generated<number>;
	operations: Json<Record<string, boolean>>;
}

export interface ApprovalRulesTable {
	id: Generated<number>;
	name: string;
	condition: Json<{ minTotal?: number; sources?: string[] }>;
	state_id: number;
	position: Generated<number>;
	enabled: Generated<boolean>;
}

export interface OrdersTable {
	id: Generated<number>;
	number: Generated<number>;
	external_number: string | null;
	source: string;
	customer_id: number;
	manager_id: number | null;
	created_by_user_id: number | null;
	created_by_api_key_id: number | null;
	state_id: number;
	phase: ColumnType<PhaseColumn, PhaseColumn | undefined, PhaseColumn>;
	payment_status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
	total: Numeric;
	order_date: Timestamp | null;
	issue_date: Timestamp | null;
	due_at: Timestamp | null;
	/** The end of the planned issue day in the shop's zone, from the lines' lead times at commissioning. */
	planned_issue_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
	tracking_token: string;
	/** The customer's key to the draft's offer page; made by the database. */
	offer_token: Generated<string>;
	notes: Generated<string>;
	/** `regular`, `digital` (no delivery), `quick` or `custom` (issue 16). */
	kind: ColumnType<OrderKind, OrderKind | undefined, OrderKind>;
	created_at: CreatedAt;
	updated_at: CreatedAt;
}

export type OrderKind = 'regular' | 'digital' | 'quick' | 'custom';

/** A discount applied to an order, in the order's listed sequence. */
export interface OrderDiscountsTable {
	id: Generated<number>;
	order_id: number;
	position: number;
	name: string;
	amount: Numeric;
}

export interface OrderLinksTable {
	order_id: number;
	linked_order_id: number;
}

export interface LegalTextsTable {
	id: Generated<number>;
	kind: string;
	version: string;
	body: string;
	effective_at: CreatedAt;
}

export interface OrderLegalTextsTable {
	order_id: number;
	legal_text_id: number;
}

export interface JobsTable {
	id: Generated<number>;
	order_id: number;
	product_id: number;
	workflow_id: number;
	title: string;
	quantity: number;
	unit_price: Numeric;
	stage_id: number | null;
	phase: ColumnType<PhaseColumn, PhaseColumn | undefined, PhaseColumn>;
	contractor_id: number | null;
	rank: ColumnType<string, string | undefined, string>;
	entered_stage_at: CreatedAt;
	version: ColumnType<number, number | undefined, number>;
	created_at: CreatedAt;
	updated_at: CreatedAt;
	/** The unguessable key of the job's ticket QR code (`/j/<code>`); made by the database. */
	scan_code: Generated<string>;
}

export interface TimedRulesTable {
	id: Generated<number>;
	workflow_id: number;
	from_stage_id: number;
	to_stage_id: number;
	after_amount: number;
	after_unit: DurationUnitColumn;
	warn_amount: number | null;
	warn_unit: DurationUnitColumn | null;
	enabled: Generated<boolean>;
	created_at: CreatedAt;
}

export interface TimedRuleWarningsTable {
	rule_id: number;
	job_id: number;
	entered_stage_at: Timestamp;
	warned_at: CreatedAt;
}

export type ActorKind = 'user' | 'rule' | 'api_key' | 'system';

export interface JobEventsTable {
	id: ColumnType<string, never, never>; // bigint comes back as a string
	job_id: number;
	order_id: number;
	at: CreatedAt;
	kind: string;
	actor_kind: ActorKind;
	actor_id: number | null;
	actor_name: string;
	from_stage_id: number | null;
	/** When the job entered `from_stage_id`: a stay's start, kept on the row that ends it (analytics read one row). */
	from_stage_entered_at: ColumnType<Date | null, Date | null | undefined, never>;
	to_stage_id: number | null;
	from_phase: PhaseColumn | null;
	to_phase: PhaseColumn | null;
	reason: Generated<string>;
	data: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, never>;
}

export interface OutboxTable {
	id: ColumnType<string, never, never>;
	channel: 'email' | 'webhook' | 'notification' | 'task';
	topic: string;
	recipient: string;
	payload: Json<Record<string, unknown>>;
	status: ColumnType<
		'pending' | 'sent' | 'failed' | 'superseded',
		'pending' | undefined,
		'pending' | 'sent' | 'failed' | 'superseded'
	>;
	attempts: ColumnType<number, number | undefined, number>;
	next_attempt_at: CreatedAt;
	last_error: string | null;
	order_id: number | null;
	job_id: number | null;
	actor_name: Generated<string>;
	created_at: CreatedAt;
	sent_at: Timestamp | null;
}

export interface NotificationsTable {
	id: ColumnType<string, never, never>;
	user_id: number;
	kind: string;
	title: string;
	body: Generated<string>;
	link: string | null;
	created_at: CreatedAt;
	read_at: Timestamp | null;
	/** The notice as a catalogue message, for the viewer's language. */
	i18n: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface DisplayLinksTable {
	id: Generated<number>;
	token: string;
	name: string;
	workflow_id: number;
	department_ids: number[] | null;
	created_by: number | null;
	created_at: CreatedAt;
	revoked_at: Timestamp | null;
}

export interface WebhooksTable {
	id: Generated<number>;
	url: string;
	secret: string;
	events: string[];
	active: Generated<boolean>;
	created_at: CreatedAt;
}

export interface MessageTemplatesTable {
	id: Generated<number>;
	topic: string;
	language: string;
	subject: string;
	body: string;
}

export interface AuditLogTable {
	id: ColumnType<string, never, never>;
	at: CreatedAt;
	user_id: number | null;
	action: string;
	entity: string;
	entity_id: string | null;
	data: Json<Record<string, unknown>>;
}

export interface CommentsTable {
	id: Generated<number>;
	order_id: number;
	/** Null: a comment on the order itself. */
	job_id: number | null;
	author_id: number;
	author_role: RoleColumn;
	text: string;
	to_customer: Generated<boolean>;
	mentioned_ids: ColumnType<number[], number[] | undefined, number[]>;
	version: Generated<number>;
	created_at: CreatedAt;
	edited_at: Timestamp | null;
	deleted_at: Timestamp | null;
}

/** The one interface typing Kysely: every table of migrations/. */
export interface Database extends StationTables {
	settings: SettingsTable;
	departments: DepartmentsTable;
	workflows: WorkflowsTable;
	stages: StagesTable;
	removed_stages: RemovedStagesTable;
	stage_names: StageNamesView;
	users: UsersTable;
	user_allowed_stages: UserAllowedStagesTable;
	sessions: SessionsTable;
	api_keys: ApiKeysTable;
	products: ProductsTable;
	product_contractors: ProductContractorsTable;
	customers: CustomersTable;
	order_states: OrderStatesTable;
	approval_rules: ApprovalRulesTable;
	orders: OrdersTable;
	order_links: OrderLinksTable;
	order_discounts: OrderDiscountsTable;
	legal_texts: LegalTextsTable;
	order_legal_texts: OrderLegalTextsTable;
	jobs: JobsTable;
	timed_rules: TimedRulesTable;
	timed_rule_warnings: TimedRuleWarningsTable;
	job_events: JobEventsTable;
	outbox: OutboxTable;
	notifications: NotificationsTable;
	display_links: DisplayLinksTable;
	webhooks: WebhooksTable;
	message_templates: MessageTemplatesTable;
	audit_log: AuditLogTable;
	comments: CommentsTable;
	job_files: JobFilesTable;
	order_archives: OrderArchivesTable;
}

/** A file on an order line (issue 21); the bytes are in the file store under `storage_key`. */
export interface JobFilesTable {
	id: Generated<number>;
	job_id: number;
	order_id: number;
	storage_key: string;
	thumbnail_key: string | null;
	name: string;
	content_type: string;
	size: ColumnType<string, number, number>;
	sha256: string;
	uploaded_by: string;
	uploaded_by_user_id: number | null;
	created_at: CreatedAt;
	proof_version: number | null;
	proof_status: 'pending' | 'approved' | 'changes_requested' | null;
	proof_comment: string | null;
	proof_decided_at: Timestamp | null;
}

/** The print-files ZIP of an order (issue 21, point 2). */
export interface OrderArchivesTable {
	order_id: number;
	storage_key: string;
	size: ColumnType<string, number, number>;
	entries: number;
	builds: ColumnType<number, number | undefined, number>;
	built_at: Timestamp;
	notified_at: Timestamp | null;
}

export type User = Selectable<UsersTable>;
