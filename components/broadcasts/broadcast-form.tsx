"use client";
// The event page's "Message attendees" form: the channels usable now, the
// audience with how many it reaches on the chosen channel, a subject for e-mail,
// the text. A refused submit keeps everything typed, next to its errors.
import { useActionState, useState } from "react";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { FormState } from "@/lib/http/errors";
import type { BroadcastFormData } from "@/lib/broadcasting/view";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

export function BroadcastForm({ action, data }: { action: Action; data: BroadcastFormData }) {
  const initial = { channel: data.channels[0]?.key ?? "", audience: "all", subject: "", text: "" };
  const [state, formAction] = useActionState(action, { ok: true, values: initial });
  const v = { ...initial, ...state.values };
  const e = state.fieldErrors ?? {};
  const [channelKey, setChannelKey] = useState(v.channel);
  const channel = data.channels.find((c) => c.key === channelKey) ?? data.channels[0];
  const counts = data.counts[channel?.address ?? "email"];
  const [one, many] = channel?.address === "phone" ? ["number", "numbers"] : ["address", "addresses"];

  if (data.channels.length === 0) {
    return <p className="mt-2 text-sm text-slate-600">No channel can send now: connect an e-mail or SMS integration (and set its sender) on the Integrations page.</p>;
  }
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate aria-label="Message attendees">
      <FormMessage message={state.message} ok={state.ok} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="channel" label="Send as" errors={e.channel}>
          {(p) => (
            <select {...p} value={channelKey} onChange={(ev) => setChannelKey(ev.target.value)}>
              {data.channels.map((c) => (
                <option key={c.key} value={c.key}>{c.label}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="audience" label="To" errors={e.audience} hint={channel?.address === "phone" ? "Only attendees who agreed to be contacted by phone." : undefined}>
          {(p) => (
            <select {...p} defaultValue={v.audience} key={`a-${v.audience}`}>
              {data.audiences.map((a) => (
                <option key={a.value} value={a.value}>{`${a.label} (${counts[a.value]} ${counts[a.value] === 1 ? one : many})`}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {channel?.subject ? (
        <Field name="subject" label="Subject" errors={e.subject}>
          {(p) => <input {...p} defaultValue={v.subject} key={`s-${v.subject}`} maxLength={200} />}
        </Field>
      ) : null}
      <Field name="text" label="Message" errors={e.text} hint={`At most ${channel?.maxLength.toLocaleString("en-US")} characters.${channel?.address === "phone" ? " “Reply STOP to opt out.” is added." : ""}`}>
        {(p) => <textarea {...p} rows={5} defaultValue={v.text} key={`t-${v.text}`} />}
      </Field>
      <SubmitButton pendingText="Starting…">Send</SubmitButton>
    </form>
  );
}
