"use server";
// Thin: check the admin, call lib/api-keys, answer with form state. The new key
// travels back once in the action's answer and is never stored or shown again.
import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { assertAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { removeHooksOfKey } from "@/lib/zapier/hooks";
import { formFailure, formValues, type FormState } from "@/lib/http/errors";

const PAGE = "/settings/api-keys";

export interface CreateKeyState extends FormState {
  secret?: string;
  keyName?: string;
}

export async function createApiKeyAction(fd: FormData): Promise<CreateKeyState> {
  const values = formValues(fd);
  try {
    const member = await assertAdmin();
    const created = await createApiKey(db(), member.orgId, member.userId, { name: values.name ?? "" });
    revalidatePath(PAGE);
    return { ok: true, message: `Key "${created.name}" created.`, secret: created.key, keyName: created.name };
  } catch (err) {
    return formFailure(err, values);
  }
}

export async function revokeApiKeyAction(id: string): Promise<FormState> {
  try {
    const member = await assertAdmin();
    await revokeApiKey(db(), member.orgId, id);
    const hooks = await removeHooksOfKey(db(), member.orgId, id);
    revalidatePath(PAGE);
    return { ok: true, message: hooks ? `Revoked, and its ${hooks} Zapier subscription${hooks === 1 ? "" : "s"} removed.` : "Revoked." };
  } catch (err) {
    return formFailure(err, {});
  }
}
