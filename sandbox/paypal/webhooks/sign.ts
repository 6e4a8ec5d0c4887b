// PayPal signs each webhook transmission with its own RSA key over
// "<transmission id>|<transmission time>|<webhook id>|<CRC32 of the body>" and names
// the certificate's URL; receivers either check that themselves or ask
// verify-webhook-signature. The sandbox keeps every transmission it made, so that
// endpoint can answer from what was really sent.
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { crc32 } from "node:zlib";
import { keepLatestEntries } from "./keep";
import type { SignatureKind, Transmission } from "../state";
import type { World } from "../world";
import { transmissionId } from "../ids";

export const AUTH_ALGO = "SHA256withRSA";
export const CERT_PATH = "/v1/notifications/certs/CERT-360caa42-fca2a594-sandbox01";
const KEPT_TRANSMISSIONS = 20_000;

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** One key pair per sandbox process, made when first needed (generating one takes a moment). */
function signingKeys() {
  keys ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  return keys;
}

/** What the cert URL serves: the public half of the signing key, PEM-encoded. */
export function publicKeyPem(): string {
  return signingKeys().publicKey.export({ type: "spki", format: "pem" }).toString();
}

function signedText(id: string, time: string, webhookId: string, body: string): string {
  return `${id}|${time}|${webhookId}|${crc32(Buffer.from(body, "utf8"))}`;
}

/** verify-webhook-signature's spec wants a signature that starts with a word character. */
const startsWell = (s: string) => /^\w/.test(s);

function rsaSignature(text: string): string {
  return sign("sha256", Buffer.from(text, "utf8"), signingKeys().privateKey).toString("base64");
}

export function signatureHolds(t: Transmission): boolean {
  return verify("sha256", Buffer.from(signedText(t.id, t.time, t.webhookId, t.body), "utf8"), signingKeys().publicKey, Buffer.from(t.sig, "base64"));
}

/**
 * A new signed transmission of `body` for the webhook `signedFor`, and the signature
 * to send: the real one, or (for tests of a receiver's refusals) a forged one.
 */
export function transmit(w: World, input: { body: string; eventId: string; signedFor: string; kind: SignatureKind }): { transmission: Transmission; sentSig: string } {
  let transmission: Transmission;
  do {
    const id = transmissionId();
    // Real time, not sandbox time: the receiver reads it against its own clock.
    const time = new Date().toISOString();
    transmission = {
      id,
      time,
      sig: rsaSignature(signedText(id, time, input.signedFor, input.body)),
      certUrl: `${w.api}${CERT_PATH}`,
      authAlgo: AUTH_ALGO,
      webhookId: input.signedFor,
      eventId: input.eventId,
      body: input.body,
    };
  } while (!startsWell(transmission.sig));
  w.state.transmissions.set(transmission.id, transmission);
  keepLatestEntries(w.state.transmissions, KEPT_TRANSMISSIONS);
  let sentSig = transmission.sig;
  if (input.kind === "forged") {
    do sentSig = randomBytes(256).toString("base64");
    while (!startsWell(sentSig));
  }
  return { transmission, sentSig };
}
