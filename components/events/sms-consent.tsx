// The phone opt-in under the phone field, covering all that may reach that number
// (SMS, WhatsApp, a call about an urgent change): unticked by default, and only
// with a number (the server says so on the phone field otherwise).
export function SmsConsent() {
  return (
    <label className="flex items-start gap-2 text-sm text-slate-700">
      <input type="checkbox" name="smsConsent" value="on" className="mt-0.5" />
      <span>
        Text me my confirmation, reminders and updates about this event at this number, by SMS or WhatsApp, and call me about an urgent change such as a cancellation. Reply STOP to opt out at any time.
      </span>
    </label>
  );
}
