// The objects Payrexx answers with, shaped after its documentation: the Transaction
// object (https://developers.payrexx.com/docs/transaction), its Invoice
// (https://docs.payrexx.com/developer/general-info/objects/invoice) and the Gateway
// as Gateway create/retrieve return it (id, status, hash, link, invoices with their
// transactions, and the parameters it was created with).
import type { PayrexxGateway, PayrexxState, PayrexxTransaction } from "./state";

const pad = (n: number) => String(n).padStart(2, "0");

/** "YYYY-MM-DD HH:MM:SS", as Payrexx writes times. */
export function payrexxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function gatewayLink(sandboxUrl: string, g: PayrexxGateway): string {
  return `${sandboxUrl}/payrexx/pay/${g.hash}`;
}

function invoiceOf(state: PayrexxState, tx: PayrexxTransaction) {
  const gateway = tx.gatewayId !== null ? state.gateways.get(tx.gatewayId) : undefined;
  return {
    number: gateway?.basket.map((b) => b.name).join(", ") || (tx.purpose ?? ""),
    products: (gateway?.basket ?? []).map((b) => ({ name: b.name, price: b.amount, quantity: b.quantity })),
    currency: tx.currency,
    test: 1,
    referenceId: tx.referenceId ?? "",
    purpose: tx.purpose ?? "",
    paymentRequestId: tx.gatewayId,
    paymentLink: null,
    originalAmount: tx.amount,
    refundedAmount: tx.refundedAmount,
    custom_fields: [],
  };
}

const REFUNDABLE = new Set(["confirmed", "partially-refunded"]);

export function transactionView(state: PayrexxState, tx: PayrexxTransaction): Record<string, unknown> {
  return {
    id: tx.id,
    uuid: tx.uuid,
    time: payrexxTime(tx.time),
    status: tx.status,
    lang: "en",
    psp: "Test",
    pspId: 0,
    mode: "TEST",
    amount: tx.amount,
    payrexxFee: 0,
    payment: tx.payment,
    referenceId: tx.referenceId ?? "",
    metadata: {},
    subscription: null,
    preAuthorizationId: null,
    invoice: invoiceOf(state, tx),
    contact: { ...tx.contact, title: null, company: null, street: null, zip: null, place: null, country: null, phone: null },
    refundable: REFUNDABLE.has(tx.status) && tx.originalTransactionId === null,
    partiallyRefundable: REFUNDABLE.has(tx.status) && tx.originalTransactionId === null,
    ...(tx.originalTransactionId !== null
      ? { originalTransactionId: tx.originalTransactionId, originalTransactionUuid: state.transactions.get(tx.originalTransactionId)?.uuid ?? null }
      : {}),
    instanceName: tx.instance,
    type: "E-Commerce",
  };
}

export function gatewayView(state: PayrexxState, sandboxUrl: string, g: PayrexxGateway): Record<string, unknown> {
  const transactions = g.transactionIds.flatMap((id) => {
    const tx = state.transactions.get(id);
    return tx ? [{ id: tx.id, uuid: tx.uuid, status: tx.status, amount: tx.amount, time: payrexxTime(tx.time), referenceId: tx.referenceId ?? "" }] : [];
  });
  const paid = g.transactionIds.map((id) => state.transactions.get(id)).find((tx) => tx && tx.status !== "declined" && tx.status !== "cancelled");
  return {
    id: g.id,
    status: g.status,
    hash: g.hash,
    referenceId: g.referenceId ?? "",
    link: gatewayLink(sandboxUrl, g),
    invoices: transactions.length
      ? [{ referenceId: g.referenceId ?? "", paymentRequestId: g.id, currency: g.currency, originalAmount: g.amount, refundedAmount: paid?.refundedAmount ?? 0, transactions }]
      : [],
    preAuthorization: false,
    reservation: false,
    fields: Object.fromEntries(Object.entries(g.fields).map(([k, value]) => [k, { value }])),
    psp: [],
    pm: [],
    amount: g.amount,
    currency: g.currency,
    vatRate: null,
    sku: "",
    purpose: g.purpose ?? "",
    successRedirectUrl: g.successRedirectUrl ?? "",
    failedRedirectUrl: g.failedRedirectUrl ?? "",
    cancelRedirectUrl: g.cancelRedirectUrl ?? "",
    skipResultPage: g.skipResultPage,
    validity: g.validity,
    createdAt: Math.floor(g.createdAt / 1000),
  };
}
