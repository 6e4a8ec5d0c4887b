// Customers: create, retrieve, update, delete, list (with the exact email filter)
// and search (email:'…', name:'…', metadata['…']:'…').
import { answerWith, type Operation, type StripeCall } from "../call";
import type { StripeCustomer } from "../billing-state";
import { invalid, missing, type StripeAnswer } from "../errors";
import { newCustomer } from "../flows/customer";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { customerView } from "../objects/customer";
import { int, mergeMetadata, metadata, str, text } from "../params";
import { isQuery, matches, parseQuery, searchBody, searchPage } from "../search";
import { emit } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SEARCH_FIELDS = ["email", "name", "phone", "created"] as const;

function checkEmail(email: string | null): StripeAnswer | null {
  return email !== null && !EMAIL.test(email) ? invalid(`Invalid email address: ${email}`, "email", "email_invalid") : null;
}

export function findCustomer(call: StripeCall, id: string, param = "customer"): StripeCustomer | StripeAnswer {
  return visible(call.w, "cus", id, call.key.livemode, param) ?? call.w.state.billing.customers.get(id)!;
}

export const isCustomer = (v: StripeCustomer | StripeAnswer): v is StripeCustomer => "invoicePrefix" in v;

export const createCustomer: Operation = (call) => {
  const { w, params, key } = call;
  const email = text(params, "email");
  const bad = checkEmail(email);
  if (bad) return bad;
  const customer = newCustomer(
    w,
    key.livemode,
    { email, name: text(params, "name"), phone: text(params, "phone"), description: text(params, "description"), metadata: metadata(params.metadata) },
    call.cause,
  );
  return answerWith(call, customerView(w, customer));
};

export const retrieveCustomer: Operation = (call) => {
  const c = findCustomer(call, call.pathParams.customer!);
  return isCustomer(c) ? answerWith(call, customerView(call.w, c)) : c;
};

export const updateCustomer: Operation = (call) => {
  const { w, params } = call;
  const c = findCustomer(call, call.pathParams.customer!);
  if (!isCustomer(c)) return c;
  if (c.deleted) return missing("customer", c.id, "customer");
  const before = customerView(w, c);
  if (str(params, "email") !== undefined) {
    const email = text(params, "email");
    const bad = checkEmail(email);
    if (bad) return bad;
    c.email = email;
  }
  if (str(params, "name") !== undefined) c.name = text(params, "name");
  if (str(params, "phone") !== undefined) c.phone = text(params, "phone");
  if (str(params, "description") !== undefined) c.description = text(params, "description");
  c.metadata = mergeMetadata(c.metadata, params.metadata);
  const after = customerView(w, c);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "customer.updated", after, call.cause, previous);
  return answerWith(call, after);
};

export const deleteCustomer: Operation = (call) => {
  const c = findCustomer(call, call.pathParams.customer!);
  if (!isCustomer(c)) return c;
  if (c.deleted) return missing("customer", c.id, "customer");
  const last = customerView(call.w, c);
  c.deleted = true;
  emit(call.w, "customer.deleted", last, call.cause);
  return answerWith(call, customerView(call.w, c));
};

function ofMode(call: StripeCall): StripeCustomer[] {
  return [...call.w.state.billing.customers.values()].filter((c) => c.livemode === call.key.livemode && !c.deleted);
}

export const listCustomers: Operation = (call) => {
  // Stripe's email filter is exact and case-sensitive, unlike search.
  const email = text(call.params, "email");
  const customers = ofMode(call).filter((c) => email === null || c.email === email).reverse();
  const page = paginate(customers, call.params, "customer");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/customers", page.items.map((c) => customerView(call.w, c)), page.hasMore));
};

export const searchCustomers: Operation = (call) => {
  const q = str(call.params, "query");
  if (q === undefined) return invalid("Missing required param: query.", "query", "parameter_missing");
  const query = parseQuery(q, SEARCH_FIELDS);
  if (!isQuery(query)) return query;
  const limit = int(call.params, "limit") ?? 10;
  if (limit < 1 || limit > 100) return invalid("This value must be between 1 and 100.", "limit");
  const read = (c: StripeCustomer) => (field: string) => {
    if (field.startsWith("metadata.")) return c.metadata[field.slice("metadata.".length)] ?? null;
    if (field === "created") return String(c.created);
    return (c as unknown as Record<string, string | null>)[field] ?? null;
  };
  const found = ofMode(call).filter((c) => matches(query, read(c))).reverse();
  const page = searchPage(found, text(call.params, "page"), limit);
  return answerWith(call, searchBody("/v1/customers/search", page.items.map((c) => customerView(call.w, c)), page.nextPage));
};
