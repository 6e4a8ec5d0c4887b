// Phone numbers as typed on a form, read with libphonenumber-js: a number is valid
// when it parses to a real number for its country, and is kept for texting in
// E.164 (+41441234567). Without a default country (events carry none yet) the
// number must start with its country code.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export const PHONE_NEEDS_COUNTRY = "Enter the phone number with its country code, starting with +, such as +41 44 123 45 67";

export function toE164(raw: string, defaultCountry?: CountryCode): string | null {
  const text = raw.trim();
  if (!defaultCountry && !text.startsWith("+")) return null;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
