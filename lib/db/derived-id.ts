// A uuid column that must hold "the one row for this thing" when the thing has no
// id of its own (a broadcast message to a number, an event's heads-up at one
// reminder time): a name-based UUID (RFC 9562 version 5), the same every time for
// the same name, so a unique index on the column makes the row once-only.
import { createHash } from "node:crypto";

/** The namespace of every name Switchboard derives an id from (a fixed random UUID). */
const NAMESPACE = Buffer.from("6b1f0c2e9d7a4e53a8c4f1b2d3e4a5c6", "hex");

export function derivedId(name: string): string {
  const bytes = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
