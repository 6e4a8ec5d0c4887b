import { pick } from "../core/ids";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Slack ids: a type letter and uppercase alphanumerics (C… channels, U… users). */
export function slackId(prefix: string): string {
  return prefix + pick(UPPER, 10);
}
