/** The pure domain layer of Floorboard: phases, workflows, operation rules, ranks, timelines, timed rules. */
export * from './phase';
export * from './workflow';
export * from './operations';
export * from './rank';
export * from './timeline';
export * from './timed-rule';
