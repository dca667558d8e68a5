import type { Migration } from 'kysely';
import * as initial from './20261123_0001_initial';
import * as socketIoAdapter from './20261123_0002_socket_io_adapter';
import * as reportIndexes from './20261123_0300_report_indexes';
import * as customerLanguage from './20261123_0400_customer_language';
import * as stageExternalNames from './20261123_0600_stage_external_names';
import * as removedStages from './20261201_0100_removed_stages';
import * as readablePresetStates from './20261206_0200_readable_preset_states';
import * as timedRuleMinutes from './20261206_0300_timed_rule_minutes';
import * as outboxSuperseded from './20261206_0400_outbox_superseded';
import * as orderFacts from './20261206_1100_order_facts';
import * as leadTimes from './20261206_1200_lead_times';
import * as linesOffersNotices from './20261206_1300_lines_offers_notices';
import * as analyticsIndexes from './20261206_1450_analytics_indexes';
import * as stations from './20261206_1600_stations';
import * as jobScanCodes from './20261206_1650_job_scan_codes';
import * as jobFiles from './20261206_1700_job_files';
import * as comments from './20261206_1750_comments';
import * as stationGroups from './20261206_1800_station_groups';
import * as stayStarts from './20261206_1850_stay_starts';
import * as jobWorkflowFacts from './20261207_0100_job_workflow_facts';

/**
 * Every migration, by name. Listed by hand rather than read from the folder so the same list works under
 * Vite (the SvelteKit build, Vitest) and plain Node (tsx server.ts) alike.
 */
export const migrations: Record<string, Migration> = {
	'20261123_0001_initial': initial,
	'20261123_0002_socket_io_adapter': socketIoAdapter,
	'20261123_0300_report_indexes': reportIndexes,
	'20261123_0400_customer_language': customerLanguage,
	'20261123_0600_stage_external_names': stageExternalNames,
	'20261201_0100_removed_stages': removedStages,
	'20261206_0200_readable_preset_states': readablePresetStates,
	'20261206_0300_timed_rule_minutes': timedRuleMinutes,
	'20261206_0400_outbox_superseded': outboxSuperseded,
	'20261206_1100_order_facts': orderFacts,
	'20261206_1200_lead_times': leadTimes,
	'20261206_1300_lines_offers_notices': linesOffersNotices,
	'20261206_1450_analytics_indexes': analyticsIndexes,
	'20261206_1600_stations': stations,
	'20261206_1650_job_scan_codes': jobScanCodes,
	'20261206_1700_job_files': jobFiles,
	'20261206_1750_comments': comments,
	'20261206_1800_station_groups': stationGroups,
	'20261206_1850_stay_starts': stayStarts,
	'20261207_0100_job_workflow_facts': jobWorkflowFacts
};
