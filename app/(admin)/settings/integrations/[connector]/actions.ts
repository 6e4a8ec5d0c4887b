"use server";
// Thin: check the admin, read the form, call lib/integrations, answer with form state.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { ProviderCallError } from "@/lib/integrations/contract";
import {
  connectWithApiKey,
  disconnect,
  requireConnector,
  saveTemplate,
  sendTest,
  setEnabled,
  testConnection,
  updateSettings,
} from "@/lib/integrations/connections/service";
import { settingsFields, settingsInput } from "@/lib/integrations/forms";
import { findConnection } from "@/lib/integrations/connections/repository";
import { confirmRemoval, putEntryBack } from "@/lib/calendar-sync/decide";
import { requestReadNow } from "@/lib/calendar-sync/view";
import { appKeyring } from "@/lib/vault/app-keyring";
import { defaultConnectionMode } from "@/lib/integrations/sandbox-url";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";
import { startBackfill } from "@/lib/backfills/run";
import { saveConnectorPostTemplates } from "@/lib/social-posting/view";

const mode = z.enum(["sandbox", "live"]);

function page(connectorId: string) {
  return `/settings/integrations/${connectorId}`;
}

/** A provider failure during an explicit test is an answer for the admin, not a crash. */
function providerFailure(err: unknown): FormState | undefined {
  if (err instanceof ProviderCallError) return { ok: false, message: `Failed: ${err.failure.message}` };
  return undefined;
}

export async function connectApiKeyAction(connectorId: string, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const result = await connectWithApiKey(db(), appKeyring(), {
      orgId: member.orgId,
      userId: member.userId,
      connectorId,
      mode: mode.parse(values.mode ?? defaultConnectionMode()),
      fields: values,
    });
    revalidatePath(page(connectorId));
    return { ok: true, message: `Connected. ${result.detail}` };
  } catch (err) {
    // Secrets are never sent back to the browser; the form keeps them client-side.
    return formFailure(err, {});
  }
}

export async function testConnectionAction(connectorId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const result = await testConnection(db(), appKeyring(), member.orgId, connectorId);
    revalidatePath(page(connectorId));
    return { ok: true, message: result.detail };
  } catch (err) {
    revalidatePath(page(connectorId));
    return providerFailure(err) ?? formFailure(err, {});
  }
}

export async function sendTestAction(connectorId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const message = await sendTest(db(), appKeyring(), member.orgId, connectorId, { email: member.email, name: member.name });
    revalidatePath(page(connectorId));
    return { ok: true, message };
  } catch (err) {
    revalidatePath(page(connectorId));
    return providerFailure(err) ?? formFailure(err, {});
  }
}

export async function setEnabledAction(connectorId: string, enabled: boolean): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await setEnabled(db(), member.orgId, connectorId, enabled);
    revalidatePath(page(connectorId));
    return { ok: true, message: enabled ? "Enabled." : "Disabled: nothing is sent until you enable it again." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function saveSettingsAction(connectorId: string, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const connector = await requireConnector(connectorId);
    await updateSettings(db(), member.orgId, connectorId, settingsInput(settingsFields(connector), values), appKeyring());
    revalidatePath(page(connectorId));
    return { ok: true, message: "Settings saved." };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function disconnectAction(connectorId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await disconnect(db(), appKeyring(), member.orgId, connectorId);
    revalidatePath(page(connectorId));
    return { ok: true, message: "Disconnected." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function saveTemplateAction(connectorId: string, key: string, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    await saveTemplate(db(), member.orgId, connectorId, key, values);
    revalidatePath(page(connectorId));
    return { ok: true, message: "Template saved." };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function readCalendarNowAction(connectorId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const row = await findConnection(db(), member.orgId, connectorId);
    if (!row) return { ok: false, message: "Not connected." };
    await requestReadNow(db(), member.orgId, row.id);
    revalidatePath(page(connectorId));
    return { ok: true, message: "Reading the calendar's changes; reload in a moment." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function confirmCalendarRemovalAction(connectorId: string, changeId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await confirmRemoval(db(), member.orgId, changeId);
    revalidatePath(page(connectorId));
    return { ok: true, message: "The event is cancelled." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function putCalendarEntryBackAction(connectorId: string, changeId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await putEntryBack(db(), member.orgId, changeId);
    revalidatePath(page(connectorId));
    return { ok: true, message: "The entry is back in the calendar." };
  } catch (err) {
    return providerFailure(err) ?? formFailure(err, {});
  }
}

export async function startBackfillAction(connectorId: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    const { started } = await startBackfill(db(), member.orgId, connectorId);
    revalidatePath(page(connectorId));
    return { ok: true, message: started ? "Started: past orders are being booked." : "Already running." };
  } catch (err) {
    return formFailure(err, {});
  }
}

export async function savePostTemplatesAction(connectorId: string, fd: FormData): Promise<FormState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    await saveConnectorPostTemplates(db(), member.orgId, await requireConnector(connectorId), values);
    revalidatePath(page(connectorId));
    return { ok: true, message: "Post templates saved." };
  } catch (err) {
    return formFailure(err, values);
  }
}
