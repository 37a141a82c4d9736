// The prioritised queue: pure ranking from per-account aggregates, the clock passed in.
// aggregate.ts folds the portfolio and history into per-account state, score.ts turns one
// account into a score with the parts the agent sees, ranking.ts orders them all and keeps the
// order current one event at a time, weights.ts is the organisation's configuration.
export {
  ANSWERED_UNIT,
  applyCallback,
  applyHistory,
  CALL_BUCKETS,
  CallbackEntry,
  callsAt,
  createAggregate,
  localHour,
  BlockInput,
  setBlock,
  setBlocks,
  setDebts,
  type AccountAggregate,
  type Block,
  type CallbackState,
  type PromiseState,
  type PromiseStatus,
  type QueueHistoryInput,
} from './aggregate';
export { BlockedAccount, RankedAccount, Ranking, type QueueEntry, type QueueListPage } from './ranking';
export {
  blockAt,
  SCORE_PART_KEYS,
  ScorePart,
  ScorePartKey,
  scoreAccount,
  sortParts,
  workableFrom,
  zoneNow,
  type AccountScore,
  type ZoneNow,
} from './score';
export { QueueOpening, QueueSummary, summarise, windowAt } from './summary';
export { DEFAULT_RANK_WEIGHTS, nonCallbackSpread, RankWeights, StageWeights } from './weights';
