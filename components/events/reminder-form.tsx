"use client";
import { useActionState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

/** The event's reminder offsets as one field; a refused value stays as typed, next to its error. */
export function ReminderForm({ action, initial }: { action: Action; initial: string }) {
  const [state, formAction] = useActionState(action, { ok: true, values: { reminderOffsets: initial } });
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-3" noValidate aria-label="Reminder settings">
      <FormMessage message={state.message} ok={state.ok} />
      <Field
        name="reminderOffsets"
        label="Remind attendees before the start"
        errors={e.reminderOffsets}
        hint="Durations separated by commas, such as 24h, 1h (or 90m, 2d); at most 5. Leave empty for no reminders."
      >
        {(p) => <input {...p} defaultValue={v.reminderOffsets ?? initial} key={`r-${v.reminderOffsets}`} />}
      </Field>
      <SubmitButton variant="secondary" pendingText="Saving…">Save reminders</SubmitButton>
    </form>
  );
}
