import { answerWith, type Operation } from "../call";
import { isPage, listBody, paginate } from "../list";
import { visible } from "../lookup";
import { eventView } from "../objects/event";
import { strings, text } from "../params";

export const listEvents: Operation = (call) => {
  const { w, params } = call;
  const type = text(params, "type");
  const types = strings(params.types);
  // "type" may end in a wildcard: checkout.session.* matches every Checkout event.
  const matches = (t: string) =>
    (type === null || (type.endsWith("*") ? t.startsWith(type.slice(0, -1)) : t === type)) && (types.length === 0 || types.includes(t));
  const events = w.state.events.filter((e) => e.livemode === call.key.livemode && matches(e.type)).reverse();
  const page = paginate(events, params, "event");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/events", page.items.map((e) => eventView(w, e)), page.hasMore));
};

export const retrieveEvent: Operation = (call) => {
  const id = call.pathParams.id!;
  const missing = visible(call.w, "evt", id, call.key.livemode, "id");
  if (missing) return missing;
  const event = call.w.state.events.find((e) => e.id === id)!;
  return answerWith(call, eventView(call.w, event));
};
