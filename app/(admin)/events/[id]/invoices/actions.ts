"use server";
// Thin: read the form, check the admin, call lib/checkout's invoicing, answer with form state.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { invoiceCompany, voidCompanyInvoice } from "@/lib/checkout/invoice-company";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";

/** Money is asked of a company in the organization's name: owners and admins only. */
export async function invoiceCompanyAction(eventId: string, _prev: FormState, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const { hostedUrl } = await invoiceCompany(db(), member.orgId, eventId, values, member.userId);
    revalidatePath(`/events/${eventId}`);
    const where = hostedUrl ? " The company can pay it on the invoice's page (linked below)." : "";
    // A fresh attempt id: the next submit is a new invoice, not this one again.
    return { ok: true, message: `Invoice sent to ${values.billingEmail}; ${values.quantity} place(s) are held until it is paid.${where}`, values: { attempt: randomUUID(), daysUntilDue: values.daysUntilDue ?? "" } };
  } catch (err) {
    // Nothing is held after a failure (refused input, or an invoice that could not be issued): a retry is a new attempt.
    return formFailure(err, { ...values, attempt: randomUUID() });
  }
}

export async function voidInvoiceAction(eventId: string, orderId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await voidCompanyInvoice(db(), member.orgId, orderId);
    revalidatePath(`/events/${eventId}`);
    return { ok: true, message: "Invoice voided; its places are free again." };
  } catch (err) {
    return formFailure(err, {});
  }
}
