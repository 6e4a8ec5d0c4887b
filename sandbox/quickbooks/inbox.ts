// The inbox's QuickBooks section: the books (customers, items, documents with
// their totals and state) and the notifications sent to the app.
import { html, type Raw } from "../core/html";
import { table, TRANSACTIONS } from "./books";
import type { Entity, QuickBooksState } from "./state";

const ref = (r: unknown) => (r && typeof r === "object" ? String((r as { value?: unknown }).value ?? "") : "");
const voided = (e: Entity) => /^Voided/.test(String(e.PrivateNote ?? ""));

function document(kind: string, e: Entity) {
  return { kind, id: e.Id, docNumber: e.DocNumber ?? null, customerId: ref(e.CustomerRef), totalAmt: e.TotalAmt ?? null, txnDate: e.TxnDate ?? null, privateNote: e.PrivateNote ?? null, voided: voided(e), syncToken: e.SyncToken };
}

export function quickbooksInbox(state: QuickBooksState) {
  return {
    company: state.company,
    customers: [...table(state, "Customer").values()].map((c) => ({ id: c.Id, displayName: c.DisplayName, email: (c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address ?? null })),
    items: [...table(state, "Item").values()].map((i) => ({ id: i.Id, name: i.Name, type: i.Type, incomeAccountId: ref(i.IncomeAccountRef) })),
    documents: [...TRANSACTIONS].flatMap((kind) => [...table(state, kind).values()].map((e) => document(kind, e))),
    webhookUrl: state.webhooks.url,
    notifications: state.webhooks.sent.map((n) => ({ id: n.id, signature: n.signature, status: n.status, error: n.error })),
  };
}

export function quickbooksSection(state: QuickBooksState): Raw {
  const customers = new Map([...table(state, "Customer").values()].map((c) => [c.Id, String(c.DisplayName ?? c.Id)]));
  const docs = [...TRANSACTIONS].flatMap((kind) => [...table(state, kind).values()].map((e) => ({ kind, e }))).sort((a, b) => Number(b.e.Id) - Number(a.e.Id));
  const rows = docs.map(
    ({ kind, e }) => html`<tr class="${voided(e) ? "voided" : ""}"><td>${kind}</td><td>${String(e.DocNumber ?? "")}</td><td>${customers.get(ref(e.CustomerRef)) ?? ""}</td><td>${String(e.TxnDate ?? "")}</td><td class="num">${String(e.TotalAmt ?? "")}</td><td>${voided(e) ? "voided" : kind === "Invoice" ? `balance ${String(e.Balance ?? "")}` : ""}</td></tr>`,
  );
  const people = [...table(state, "Customer").values()].map((c) => html`<li>${String(c.DisplayName)} · ${(c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address ?? ""}</li>`);
  const items = [...table(state, "Item").values()].map((i) => html`<li>${String(i.Name)} (${String(i.Type ?? "")})</li>`);
  const sent = state.webhooks.sent.slice(-10).reverse().map((n) => html`<li>#${n.id} (${n.signature}) → ${n.status ?? n.error ?? "pending"}</li>`);
  return html`<p class="muted small">${state.company.name} · company ${state.company.realmId} · webhooks to ${state.webhooks.url ?? "(no endpoint yet)"}</p>
    ${docs.length ? html`<table><thead><tr><th>Document</th><th>No.</th><th>Customer</th><th>Date</th><th>Total</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No sales documents yet.</p>`}
    <h3>Customers</h3>${people.length ? html`<ul>${people}</ul>` : html`<p class="muted">None yet.</p>`}
    <h3>Items</h3><ul>${items}</ul>
    ${sent.length ? html`<h3>Webhook notifications sent</h3><ul>${sent}</ul>` : ""}`;
}
