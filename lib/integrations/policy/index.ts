// The call policy every connector's provider calls go through, and what the UI reads of it.
export { createCall, type CallPolicyDeps } from "./call";
export { defaultPolicyOptions, type PolicyOptions } from "./options";
export { redactor, MAX_ERROR_CHARS } from "./redact";
export {
  breakerStatus,
  breakerStatuses,
  callStats,
  callStatsByConnection,
  recentCalls,
  callRows,
  type BreakerStatus,
  type CallLogEntry,
  type CallLogFilter,
  type CallStats,
} from "./stats";
