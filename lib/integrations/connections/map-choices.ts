// A map field's values are the provider's own choices (an Item, an account): one
// that is not among them would only fail later, at booking, so saving refuses it
// here, naming the key it was chosen for.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { ValidationError, type FieldErrors } from "@/lib/domain/errors";
import type { Keyring } from "@/lib/vault";
import type { Connector } from "../contract";
import { settingsFields } from "../forms";
import { connectorContext } from "./context";

export async function assertMapChoices(db: Db, keyring: Keyring, connector: Connector, row: ConnectionRow, settings: Record<string, unknown>): Promise<void> {
  const errors: FieldErrors = {};
  let ctx: Awaited<ReturnType<typeof connectorContext>> | undefined;
  for (const f of settingsFields(connector)) {
    const options = connector.fieldOptions?.[f.name];
    const chosen = Object.entries((settings[f.name] ?? {}) as Record<string, string>).filter(([, v]) => v);
    if (f.type !== "map" || !options || chosen.length === 0) continue;
    let values: Set<string>;
    try {
      ctx ??= await connectorContext(db, keyring, connector, row);
      values = new Set((await options(ctx)).map((c) => c.value));
    } catch (err) {
      errors[f.name] = [`Could not check the choices with ${connector.name} (${(err as Error).message}); try again in a moment.`];
      continue;
    }
    const unknown = chosen.filter(([, v]) => !values.has(v)).map(([key]) => `"${key}"`);
    if (unknown.length) errors[f.name] = [`The choice for ${unknown.join(", ")} is not in ${connector.name} any more; pick another or leave the default.`];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}
