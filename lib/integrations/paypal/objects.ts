// The parts of PayPal's objects Switchboard reads.
import type { PayPalMoney } from "./money";

export interface PayPalLink {
  href: string;
  rel: string;
  method?: string;
}

export interface PayPalCapture {
  id: string;
  status: "COMPLETED" | "DECLINED" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "FAILED" | string;
  status_details?: { reason?: string };
  amount: PayPalMoney;
  custom_id?: string;
  supplementary_data?: { related_ids?: { order_id?: string } };
  links?: PayPalLink[];
}

export interface PayPalRefund {
  id: string;
  status: "COMPLETED" | "PENDING" | "FAILED" | "CANCELLED" | string;
  amount: PayPalMoney;
  custom_id?: string;
  links?: PayPalLink[];
}

export interface PayPalOrder {
  id: string;
  status: "CREATED" | "SAVED" | "APPROVED" | "VOIDED" | "COMPLETED" | "PAYER_ACTION_REQUIRED" | string;
  purchase_units?: Array<{ custom_id?: string; payments?: { captures?: PayPalCapture[]; refunds?: PayPalRefund[] } }>;
  links?: PayPalLink[];
}

export interface PayPalEvent {
  id: string;
  event_type: string;
  resource_type?: string;
  resource: Record<string, unknown>;
}

/** The id at the end of a HATEOAS link ("…/v2/payments/captures/3C679366HH908993F" → the capture id). */
export function linkedId(links: PayPalLink[] | undefined, rel: string): string | null {
  const href = links?.find((l) => l.rel === rel)?.href;
  if (!href) return null;
  try {
    return decodeURIComponent(new URL(href).pathname.split("/").filter(Boolean).at(-1) ?? "") || null;
  } catch {
    return null;
  }
}
