// Under an attendee's e-mail: the number they agreed to be texted at, and the SMS
// and WhatsApp messages both ways (their replies included), oldest first.
import type { AttendeeSms } from "@/lib/sms/store";

function summary(messages: AttendeeSms[]): string {
  const wa = messages.filter((m) => m.channel === "whatsapp").length;
  const sms = messages.length - wa;
  return [sms ? `${sms} SMS` : "", wa ? `${wa} WhatsApp` : ""].filter(Boolean).join(", ");
}

export function AttendeeSmsThread({ phone, consentAt, messages, timeZone, format }: { phone: string | null; consentAt: Date | null; messages: AttendeeSms[]; timeZone: string; format: (d: Date, tz: string) => string }) {
  if (!phone && messages.length === 0) return null;
  return (
    <div className="mt-1 text-xs text-slate-600" data-testid="attendee-sms">
      {phone && consentAt ? <p>SMS to {phone}, agreed {format(consentAt, timeZone)}</p> : null}
      {messages.length > 0 ? (
        <details>
          <summary className="cursor-pointer">{summary(messages)}</summary>
          <ul className="mt-1 space-y-1">
            {messages.map((m, i) => (
              <li key={i}>
                <span className="font-medium">{m.direction === "inbound" ? "Reply" : "Sent"}{m.channel === "whatsapp" ? " on WhatsApp" : ""}</span> {format(m.at, timeZone)}: {m.body}{" "}
                {m.direction === "outbound" ? <span className="text-slate-500">({m.status}{m.errorCode !== null ? `, error ${m.errorCode}` : ""})</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
