// Shared by the Twilio sandbox tests: a sandbox per file, reset before each test,
// with a receiver for the callbacks it signs (statuses, replies, call progress),
// and the official SDK pointed at it through its domains' base URLs.
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Sandbox } from "../../sandbox/server";
import { resetSandbox, startTestSandbox } from "./helpers";
import { listenForPosts, type PostListener } from "./post-listener";

export interface SignedCallback {
  url: string;
  signature: string;
  params: Record<string, string>;
}

export interface TwilioSandbox {
  /** Set in beforeAll. */
  sb: Sandbox;
  /** Where callbacks may be sent: any path under it is recorded. */
  receiverUrl: string;
  /** Every callback received since the test began, in arrival order. */
  received: SignedCallback[];
}

export function useTwilioSandbox(): TwilioSandbox {
  const it = { received: [] as SignedCallback[] } as TwilioSandbox;
  let listener: PostListener | undefined;
  beforeAll(async () => {
    it.sb = await startTestSandbox();
    listener = await listenForPosts("", ({ raw, headers, path }) => {
      it.received.push({ url: `${it.receiverUrl}${path}`, signature: String(headers["x-twilio-signature"]), params: Object.fromEntries(new URLSearchParams(raw)) });
      return { status: 204 };
    });
    it.receiverUrl = listener.url;
  });
  afterAll(async () => {
    await it.sb?.stop();
    await listener?.close();
  });
  beforeEach(async () => {
    await resetSandbox(it.sb);
    it.received.length = 0;
  });
  return it;
}

/** The official SDK on the sandbox: the 2010 API, Messaging v1 and Content v1. */
export function twilioOn(sb: Sandbox, user: string, password: string, accountSid?: string) {
  const c = twilio(user, password, accountSid ? { accountSid } : {});
  c.api.baseUrl = `${sb.url}/twilio`;
  c.messaging.baseUrl = `${sb.url}/twilio/messaging`;
  c.content.baseUrl = `${sb.url}/twilio/content`;
  return c;
}

/** The SDK's RestException of a call that must fail. */
export async function failure(p: Promise<unknown>): Promise<{ status: number; code: number; message: string }> {
  const err = (await p.then(() => null, (e: unknown) => e)) as { status: number; code: number; message: string } | null;
  if (!err) throw new Error("expected the call to fail");
  return err;
}
