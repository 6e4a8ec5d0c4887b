// The database's shape, declared once for Kysely; every query is checked against it.
// Change it together with the migration that changes the table.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type Role = "owner" | "admin" | "member";
export type EventStatus = "draft" | "published" | "cancelled";
export type OrderStatus = "pending" | "paid" | "refunded" | "cancelled";
export type DeliveryStatus = "pending" | "succeeded" | "retrying" | "dead";

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string | null;
  password_hash: string | null;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface EventsTable {
  id: Generated<string>;
  org_id: string;
  slug: string;
  title: string;
  description: Generated<string>;
  venue: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  capacity: number;
  status: Generated<EventStatus>;
  version: Generated<number>;
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TicketTypesTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  name: string;
  price_minor: number;
  currency: string;
  quantity: number;
  created_at: CreatedAt;
}

export interface OrdersTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  buyer_name: string;
  buyer_email: string;
  status: Generated<OrderStatus>;
  total_minor: number;
  currency: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AttendeesTable {
  id: Generated<string>;
  org_id: string;
  event_id: string;
  order_id: string;
  ticket_type_id: string;
  name: string;
  email: string;
  phone: string | null;
  status: Generated<OrderStatus>;
  checked_in_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DomainEventsTable {
  id: Generated<string>;
  org_id: string;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json<unknown>;
  occurred_at: CreatedAt;
  dispatched_at: Timestamp | null;
}

export interface SubscriberDeliveriesTable {
  id: Generated<string>;
  org_id: string;
  domain_event_id: string;
  subscriber: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ActivityLogTable {
  id: Generated<string>;
  org_id: string;
  domain_event_id: string;
  type: string;
  summary: string;
  received_at: CreatedAt;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  events: EventsTable;
  ticket_types: TicketTypesTable;
  orders: OrdersTable;
  attendees: AttendeesTable;
  domain_events: DomainEventsTable;
  subscriber_deliveries: SubscriberDeliveriesTable;
  activity_log: ActivityLogTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type TicketTypeRow = Selectable<TicketTypesTable>;
export type OrderRow = Selectable<OrdersTable>;
export type AttendeeRow = Selectable<AttendeesTable>;
export type DomainEventRow = Selectable<DomainEventsTable>;
export type SubscriberDeliveryRow = Selectable<SubscriberDeliveriesTable>;
