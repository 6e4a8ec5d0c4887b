// Personal data, for what leaves for a third party (error reports): e-mail
// addresses, phone numbers and IP addresses inside text, and fields named like
// a person's name, contact or address. Names inside free text cannot be told
// from other words; they are caught by the field they sit in.
import { isIP } from "node:net";
import { findPhoneNumbersInText } from "libphonenumber-js";

export const PERSONAL = "[personal]";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Candidates only; isIP decides, so a version number or a time of day is left alone.
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const IPV6 = /(?<![A-Za-z0-9:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![A-Za-z0-9:])/g;

export function redactPersonalText(text: string): string {
  let out = text.replace(EMAIL, PERSONAL);
  // International numbers (+41 44 123 45 67): without a country, a bare run of digits is not a phone number.
  for (const found of findPhoneNumbersInText(out).reverse()) {
    // The match may open with the bracket around the number, "(+41 …)": the bracket stays.
    const start = found.startsAt + Math.max(0, out.slice(found.startsAt, found.endsAt).search(/[+\d]/));
    out = out.slice(0, start) + PERSONAL + out.slice(found.endsAt);
  }
  out = out.replace(IPV4, (m) => (isIP(m) === 4 ? PERSONAL : m));
  out = out.replace(IPV6, (m) => (isIP(m.replace(/%\w+$/, "")) === 6 ? PERSONAL : m));
  return out;
}

const PERSONAL_KEYS = new Set([
  "name",
  "firstname",
  "lastname",
  "fullname",
  "givenname",
  "familyname",
  "displayname",
  "buyername",
  "attendeename",
  "username",
  "address",
  "street",
  "postalcode",
  "zip",
  "birthday",
  "dateofbirth",
  "ip",
  "ipaddress",
  "remoteaddress",
  "clientip",
  "xforwardedfor",
  "xrealip",
]);

export function isPersonalKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  return PERSONAL_KEYS.has(k) || k.includes("email") || k.includes("phone") || k.endsWith("mobile");
}
