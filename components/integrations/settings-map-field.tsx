// A map setting: one row per key (a ticket type name) with a select of the
// provider's choices; the empty choice leaves that key on the default.
import { inputClass } from "@/components/ui/field";
import { mapInputName } from "@/lib/integrations/forms";
import type { SettingsFieldView } from "@/lib/integrations/views";

export function SettingsMapField({ field, errors }: { field: SettingsFieldView; errors?: string[] }) {
  const value = (field.value ?? {}) as Record<string, string>;
  const keys = field.keys ?? [];
  const errorId = errors?.length ? `field-${field.name}-error` : undefined;
  return (
    <fieldset aria-describedby={errorId}>
      <legend className="block text-sm font-medium text-slate-700">{field.label}</legend>
      {field.help && !errors?.length ? <p className="mt-1 text-xs text-slate-500">{field.help}</p> : null}
      {keys.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">Nothing to map yet.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <tbody>
            {keys.map((key) => {
              const id = `field-${field.name}-${key}`;
              return (
                <tr key={key} className="border-t border-slate-100">
                  <td className="py-1 pr-3 align-middle">
                    <label htmlFor={id}>{key}</label>
                  </td>
                  <td className="py-1">
                    <select id={id} name={mapInputName(field.name, key)} defaultValue={value[key] ?? ""} aria-invalid={Boolean(errors?.length)} className={`${inputClass} mt-0`}>
                      <option value="">{field.emptyChoice ?? "Default"}</option>
                      {(field.choices ?? []).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {errors?.length ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
