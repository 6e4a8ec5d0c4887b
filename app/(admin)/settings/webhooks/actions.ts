"use server";
// Thin: check the admin, read the form, call lib/webhooks/outbound, answer with form state.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, setEndpointEnabled, updateEndpoint } from "@/lib/webhooks/outbound/endpoints";
import { replayFailedSince, resendMessage, sendTestEvent } from "@/lib/webhooks/outbound/messages";
import { upgradeEndpointPayloads } from "@/lib/webhooks/outbound/payload-versions";

/** Form state that may carry a secret to show once (after creation or rotation). */
export interface SecretFormState extends FormState {
  secret?: string;
  endpointId?: string;
}

function readEndpointForm(fd: FormData) {
  const values = formValues(fd);
  const eventTypes = fd.getAll("eventTypes").filter((v): v is string => typeof v === "string");
  // Checkboxes come back as one comma-joined value, so a failed submit keeps them ticked.
  values.eventTypes = eventTypes.join(",");
  return { values, input: { url: values.url ?? "", description: values.description ?? "", eventTypes, rateLimitPerSecond: values.rateLimitPerSecond ?? "" } };
}

const page = (id?: string) => (id ? `/settings/webhooks/${id}` : "/settings/webhooks");

export async function createEndpointAction(fd: FormData): Promise<SecretFormState> {
  const { values, input } = readEndpointForm(fd);
  try {
    const member = await assertAdmin();
    const { endpoint, secret } = await createEndpoint(db(), member.orgId, input);
    revalidatePath(page());
    return { ok: true, message: "Endpoint added. Copy its signing secret now: it is shown only once.", secret, endpointId: endpoint.id };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function updateEndpointAction(id: string, fd: FormData): Promise<FormState> {
  const { values, input } = readEndpointForm(fd);
  try {
    const member = await assertAdmin();
    await updateEndpoint(db(), member.orgId, id, input);
    revalidatePath(page(id));
    return { ok: true, message: "Saved.", values };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function setEndpointEnabledAction(id: string, enabled: boolean, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await setEndpointEnabled(db(), member.orgId, id, enabled);
    revalidatePath(page(id));
    return { ok: true, message: enabled ? "Enabled." : "Disabled." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function upgradePayloadsAction(id: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await upgradeEndpointPayloads(db(), member.orgId, id);
    revalidatePath(page(id));
    return { ok: true, message: "Upgraded: new messages are sent in the latest payload versions." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function rotateSecretAction(id: string): Promise<SecretFormState> {
  try {
    const member = await assertAdmin();
    const { secret, previousExpiresAt } = await rotateEndpointSecret(db(), member.orgId, id);
    revalidatePath(page(id));
    return { ok: true, message: `New secret below, shown only once. The old one keeps signing alongside it until ${previousExpiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.`, secret, endpointId: id };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function deleteEndpointAction(id: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await deleteEndpoint(db(), member.orgId, id);
  } catch (err) {
    return formFailure(err, {});
  }
  revalidatePath(page());
  redirect(page());
}

export async function sendTestEventAction(id: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const { msgId } = await sendTestEvent(db(), member.orgId, id);
    revalidatePath(page(id));
    return { ok: true, message: `Test event ${msgId} queued; refresh to see its attempt.` };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function resendMessageAction(endpointId: string, messageId: string, _prev: FormState): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await resendMessage(db(), member.orgId, messageId);
    revalidatePath(page(endpointId));
    return { ok: true, message: "Queued." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function replayFailedAction(endpointId: string, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    // datetime-local has no zone: the field says UTC, so it is read as UTC.
    const since = values.since ? `${values.since}${/Z|[+-]\d\d:\d\d$/.test(values.since) ? "" : "Z"}` : "";
    const n = await replayFailedSince(db(), member.orgId, endpointId, since);
    revalidatePath(page(endpointId));
    return { ok: true, message: n === 0 ? "No failed messages since then." : `Replaying ${n} failed message${n === 1 ? "" : "s"}.`, values };
  } catch (err) {
    return formFailure(err, values);
  }
}
