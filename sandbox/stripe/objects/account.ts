// The account and its balance. Succeeded charges, less refunds, sit in pending (a
// payout schedule would move them to available; the sandbox pays nothing out).
import { ACCOUNT } from "../account";
import { shaped } from "../fixtures";
import type { World } from "../world";

const NO_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
const NOTHING_DUE = { alternatives: [], current_deadline: null, currently_due: [], disabled_reason: null, errors: [], eventually_due: [], past_due: [], pending_verification: [] };

export function accountView(w: World): Record<string, unknown> {
  return shaped(w.templates, "account", {
    id: ACCOUNT.id,
    object: "account",
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: "7922",
      name: ACCOUNT.name,
      product_description: "Tickets for conferences and meetups",
      support_address: { ...NO_ADDRESS, country: ACCOUNT.country },
      support_email: ACCOUNT.email,
      support_phone: null,
      support_url: null,
      url: "https://sandbox-events.example",
      minority_owned_business_designation: null,
    },
    business_type: "company",
    capabilities: { card_payments: "active", transfers: "active" },
    charges_enabled: true,
    controller: { type: "account" },
    country: ACCOUNT.country,
    created: 1_704_067_200,
    default_currency: ACCOUNT.currency,
    details_submitted: true,
    email: ACCOUNT.email,
    external_accounts: { object: "list", data: [], has_more: false, url: `/v1/accounts/${ACCOUNT.id}/external_accounts` },
    future_requirements: NOTHING_DUE,
    metadata: {},
    payouts_enabled: true,
    requirements: NOTHING_DUE,
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: { decline_on: { avs_failure: false, cvc_failure: true }, statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      dashboard: { display_name: ACCOUNT.displayName, timezone: ACCOUNT.timezone },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: "offer" },
      payments: { statement_descriptor: ACCOUNT.statementDescriptor, statement_descriptor_kana: null, statement_descriptor_kanji: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: "daily" }, statement_descriptor: null },
      sepa_debit_payments: {},
    },
    tos_acceptance: { date: 1_704_067_200, ip: null, user_agent: null },
    type: "standard",
  });
}

export function balanceView(w: World, livemode: boolean): Record<string, unknown> {
  const pending = new Map<string, { card: number; bank: number }>([[ACCOUNT.currency, { card: 0, bank: 0 }]]);
  for (const c of w.state.charges.values()) {
    if (c.livemode !== livemode || c.status !== "succeeded") continue;
    const entry = pending.get(c.currency) ?? { card: 0, bank: 0 };
    if (c.method === "card") entry.card += c.amount - c.amountRefunded;
    else entry.bank += c.amount - c.amountRefunded;
    pending.set(c.currency, entry);
  }
  const rows = [...pending].map(([currency, v]) => ({ currency, ...v }));
  return shaped(w.templates, "balance", {
    object: "balance",
    available: rows.map((r) => ({ amount: 0, currency: r.currency, source_types: { card: 0 } })),
    connect_reserved: rows.map((r) => ({ amount: 0, currency: r.currency })),
    livemode,
    pending: rows.map((r) => ({ amount: r.card + r.bank, currency: r.currency, source_types: { card: r.card, ...(r.bank ? { bank_account: r.bank } : {}) } })),
  });
}
