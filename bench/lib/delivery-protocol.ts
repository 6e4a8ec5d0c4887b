// The messages between the bench and its receiver process (delivery-receiver-process.ts).

/** One request a receiver got, whatever it answered. */
export interface Receipt {
  /** The webhook-id header: the message's msg_…, the same on every attempt. */
  msgId: string;
  /** The endpoint's path, /e/<scenario>/<index>; names the endpoint. */
  path: string;
  /** Date.now() when the body had been read. */
  at: number;
  /** What the receiver answered: 204 accepted, 500 outage, 400 bad signature. */
  status: number;
  /** The body's timestamp (the domain event's occurred_at), ms since the epoch; NaN when unverified. */
  occurredAt: number;
  signatureOk: boolean;
}

export type ParentMessage = { seq: number } & (
  | { type: "endpoints"; endpoints: Array<[path: string, secret: string]> }
  | { type: "outage"; group: number; mode: "500" | "down" }
  | { type: "recover"; group: number; mode: "500" | "down" }
  | { type: "flush" }
);

export type ChildMessage =
  | { type: "ready"; ports: number[] }
  | { type: "receipts"; receipts: Receipt[] }
  | { type: "ack"; seq: number; unknownPaths: number }
  | { type: "error"; seq: number; message: string };

/** Endpoint path i is served by server i % GROUPS; one group of three is "a third of the receivers". */
export const GROUPS = 3;
