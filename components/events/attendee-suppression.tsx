// Under an attendee's e-mail: the address is suppressed (it bounced, was reported
// as spam, unsubscribed), so no e-mail goes to it any more.
import type { Suppression } from "@/lib/email/suppressions";

export function AttendeeSuppression({ suppression, timeZone, format }: { suppression: Suppression | undefined; timeZone: string; format: (d: Date, tz: string) => string }) {
  if (!suppression) return null;
  return (
    <p className="mt-1 text-xs text-red-700" data-testid="attendee-email-suppressed">
      No e-mail is sent to this address: {suppression.reason} ({format(suppression.occurredAt, timeZone)})
    </p>
  );
}
