// The ticket types as the public page offers them: each one's price for this
// visitor, the places left (the fewer of the type's and the event's), and
// whether it can be ordered now. Shown only: the order is priced and counted
// again under the event's lock when it is made.
import type { TicketTypeRow } from "@/lib/db/schema";
import type { UnitPrice } from "@/lib/domain/orders/pending";
import { formatMoney } from "@/lib/domain/money";
import { PER_TYPE_MAX } from "@/lib/domain/orders/input";
import { capacityLeft, typeLeft, type CountedType as Counted } from "@/lib/domain/events/places-left";

export interface PublicOffer {
  id: string;
  name: string;
  /** The price in words, with the list price beside a member's lower one. */
  price: string;
  unitMinor: number;
  listMinor: number;
  currency: string;
  left: number;
  /** The most one order may take of it: the places left, and the per-type cap of an order. */
  max: number;
  /** A paid type cannot be ordered while the organizer has no way to take payment. */
  orderable: boolean;
}

type CountedType = TicketTypeRow & Counted;

export function publicOffers(event: { capacity: number }, types: readonly CountedType[], opts: { unitPrice?: UnitPrice; canPay: boolean }): PublicOffer[] {
  const eventLeft = capacityLeft(event.capacity, types);
  return types.map((t) => {
    const currency = t.currency.trim();
    const unitMinor = opts.unitPrice?.(t) ?? t.price_minor;
    const left = Math.max(0, Math.min(typeLeft(t), eventLeft));
    const price = unitMinor < t.price_minor ? `${formatMoney(unitMinor, currency)} member price (instead of ${formatMoney(t.price_minor, currency)})` : formatMoney(t.price_minor, currency);
    return {
      id: t.id,
      name: t.name,
      price,
      unitMinor,
      listMinor: t.price_minor,
      currency,
      left,
      max: Math.min(PER_TYPE_MAX, left),
      orderable: unitMinor === 0 || opts.canPay,
    };
  });
}
