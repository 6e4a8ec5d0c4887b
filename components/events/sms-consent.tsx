// The SMS opt-in under the phone field: unticked by default, and only with a number
// to text (the server says so on the phone field otherwise).
export function SmsConsent() {
  return (
    <label className="flex items-start gap-2 text-sm text-slate-700">
      <input type="checkbox" name="smsConsent" value="on" className="mt-0.5" />
      <span>Text me my confirmation and updates about this event at this number. Reply STOP to opt out at any time.</span>
    </label>
  );
}
