// A labelled form field with its error messages. Values come back from the
// server on a failed submit, so nothing the user typed is lost.
import type { ReactNode } from "react";

interface FieldProps {
  name: string;
  /** Sets this field's id apart from a same-named field elsewhere on the page. */
  idPrefix?: string;
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby"?: string; className: string }) => ReactNode;
}

export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

export function Field({ name, idPrefix, label, errors, hint, children }: FieldProps) {
  const id = idPrefix ? `field-${idPrefix}-${name}` : `field-${name}`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  // The hint gives way to the errors, and whichever is shown describes the input.
  const hintId = hint && !errors?.length ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, name, "aria-invalid": Boolean(errors?.length), "aria-describedby": errorId ?? hintId, className: inputClass })}
      {hint && !errors?.length ? <p id={hintId} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {errors?.length ? (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessage({ message, ok }: { message?: string; ok?: boolean }) {
  if (!message) return null;
  return (
    <div
      role={ok ? "status" : "alert"}
      className={`rounded-md px-4 py-3 text-sm ${ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}
    >
      {message}
    </div>
  );
}
