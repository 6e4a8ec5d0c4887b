// Rows whose status providers report in any order (a message's delivery, a call's
// progress) keep the status's rank beside it, and a write applies only over a
// lower rank: a late "sent" never overwrites "delivered".
import { sql, type RawBuilder } from "kysely";

/** The status and rank columns of a write that must not undo a higher status a callback already set. */
export function atLeastRank(status: string, rank: number): { status: RawBuilder<string>; status_rank: RawBuilder<number> } {
  return {
    status: sql<string>`case when status_rank < ${rank} then ${status} else status end`,
    status_rank: sql<number>`greatest(status_rank, ${rank})`,
  };
}
