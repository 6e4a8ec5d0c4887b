// The organizations, endpoints and domain events the delivery bench works with.
// Endpoints are made with insertEndpoint (the settings page's own function, secret
// sealed by the vault); facts are written with recordDomainEvent, one transaction
// each, as the product writes them, so the worker's path is the whole real one:
// dispatch → activity log + outbound-webhooks fan-out → one delivery job per message.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import type { DomainEventPayload } from "@/lib/domain/outbox/catalog";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { makeOrg } from "@/tests/helpers/fixtures";
import { endpointPath, type Receivers } from "./delivery-receivers";

export const EVENT_TYPE = "registration.created" as const;

export interface Fixture {
  orgId: string;
  /** Endpoint path (as the receivers see it) → endpoint id. */
  endpointByPath: Map<string, string>;
  /** Endpoint id → index, which says which receiver group serves it. */
  indexById: Map<string, number>;
}

/** A fresh organization with `count` endpoints subscribed to EVENT_TYPE, their secrets handed to the receivers. */
export async function orgWithEndpoints(db: Db, receivers: Receivers, scenario: string, count: number): Promise<Fixture> {
  const org = await makeOrg(db, `Bench ${scenario}`);
  const endpointByPath = new Map<string, string>();
  const indexById = new Map<string, number>();
  const secrets: Array<[string, string]> = [];
  // A few at a time: a thousand sealed inserts one by one take seconds nobody measures.
  for (let i = 0; i < count; i += 10) {
    const made = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, k) => i + k).map(async (index) => {
        const { endpoint, secret } = await insertEndpoint(db, {
          orgId: org.id,
          url: receivers.url(scenario, index),
          description: `bench ${scenario} ${index}`,
          eventTypes: [EVENT_TYPE],
          source: "admin",
        });
        return { index, endpoint, secret };
      }),
    );
    for (const { index, endpoint, secret } of made) {
      const p = endpointPath(scenario, index);
      endpointByPath.set(p, endpoint.id);
      indexById.set(endpoint.id, index);
      secrets.push([p, secret]);
    }
  }
  await receivers.register(secrets);
  return { orgId: org.id, endpointByPath, indexById };
}

/** A registration of two attendees: about 1.1 kB of message body, what a real one weighs. */
function payload(n: number): DomainEventPayload<typeof EVENT_TYPE> {
  const event = {
    id: "7d0b5c1e-2f4a-4c1b-9d6e-1a2b3c4d5e6f",
    slug: "bench-conference-2030",
    title: "Bench Conference 2030",
    description: "Two days of talks.",
    venue: "Hall 1, Zurich",
    startsAt: "2030-06-01T07:00:00.000Z",
    endsAt: "2030-06-01T15:00:00.000Z",
    timeZone: "Europe/Zurich",
    capacity: 5000,
    status: "published" as const,
    url: "https://switchboard.example/e/bench-conference-2030",
  };
  const attendee = (k: number) => ({
    id: randomUUID(),
    name: `Bench Attendee ${n}-${k}`,
    email: `attendee-${n}-${k}@bench.example.test`,
    phone: null,
    ticketTypeId: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c",
    ticketTypeName: "General",
    status: "paid" as const,
    checkedInAt: null,
  });
  return {
    event,
    order: { id: randomUUID(), status: "paid", buyerName: `Bench Buyer ${n}`, buyerEmail: `buyer-${n}@bench.example.test`, totalMinor: 9800, currency: "EUR" },
    attendees: [attendee(1), attendee(2)],
  };
}

/** One fact in its own transaction, as a registration commits it. */
export async function writeEvent(db: Db, orgId: string, n: number): Promise<string> {
  const p = payload(n);
  return db.transaction().execute((tx) => recordDomainEvent(tx, { orgId, type: EVENT_TYPE, aggregateId: p.order.id, payload: p }));
}

/** `count` facts as fast as `parallel` connections write them (a burst, like a popular event opening). */
export async function writeBurst(db: Db, orgId: string, count: number, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await writeEvent(db, orgId, next++);
    }),
  );
}

/** Facts at a steady `perSecond` for `seconds`, each started on its due time whether or not the last has committed. */
export async function writePaced(db: Db, orgId: string, perSecond: number, seconds: number): Promise<number> {
  const count = Math.max(1, Math.round(perSecond * seconds));
  const start = performance.now();
  const writes: Promise<string>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    writes.push(writeEvent(db, orgId, i));
  }
  await Promise.all(writes);
  return count;
}
