// Opening a storage connection's context for one operation. A person waiting
// (an attendee's upload) gets one short attempt, so an outage costs seconds, not
// the policy's full retry budget; the queue's moves get the usual policy.
import type { Db } from "@/lib/db/client";
import type { Keyring } from "@/lib/vault";
import { connectorContext } from "../connections/context";
import type { OpenStorage } from "./backend";

export function storageOpener(db: Db, keyring: Keyring): OpenStorage {
  return (s, opts) => connectorContext(db, keyring, s.connector, s.row, opts?.timeoutMs ? { policy: { timeoutMs: opts.timeoutMs, maxAttempts: 1 } } : {});
}
