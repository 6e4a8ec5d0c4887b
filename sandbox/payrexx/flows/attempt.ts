// One attempt to pay a gateway on its page: a transaction is recorded with its
// outcome, the gateway closes on it, and the webhook hears about it. A successful
// payment is announced twice, "waiting" then "confirmed", as Payrexx's webhook
// guide says it is ("For one successful payment, you will get two webhook requests").
import { randomBytes } from "node:crypto";
import type { PayrexxGateway, PayrexxTransaction } from "../state";
import { notify } from "../webhooks/deliver";
import type { PayrexxWorld } from "../world";

export type AttemptOutcome = "confirmed" | "declined" | "cancelled";

export interface AttemptInput {
  outcome: AttemptOutcome;
  payment: PayrexxTransaction["payment"];
  email: string | null;
  name: string | null;
}

export function publicId(): string {
  return randomBytes(4).toString("hex");
}

function splitName(name: string | null): { forename: string | null; surname: string | null } {
  if (!name) return { forename: null, surname: null };
  const i = name.trim().lastIndexOf(" ");
  return i < 0 ? { forename: name.trim(), surname: null } : { forename: name.slice(0, i).trim(), surname: name.slice(i + 1).trim() };
}

export function recordAttempt(w: PayrexxWorld, g: PayrexxGateway, input: AttemptInput): PayrexxTransaction {
  const tx: PayrexxTransaction = {
    id: w.state.nextTransactionId++,
    uuid: publicId(),
    instance: g.instance,
    gatewayId: g.id,
    status: input.outcome === "confirmed" ? "waiting" : input.outcome,
    time: w.now(),
    amount: g.amount,
    currency: g.currency,
    referenceId: g.referenceId,
    purpose: g.purpose,
    payment: input.payment,
    contact: { email: input.email, ...splitName(input.name) },
    refundedAmount: 0,
    originalTransactionId: null,
    refundIds: [],
  };
  w.state.transactions.set(tx.id, tx);
  g.transactionIds.push(tx.id);
  g.status = input.outcome;
  notify(w, tx);
  if (input.outcome === "confirmed") {
    tx.status = "confirmed";
    notify(w, tx);
  }
  return tx;
}
