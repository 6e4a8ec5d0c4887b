import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { requiredSpecFiles } from "../../sandbox/registry";
import { EMULATED_TWILIO_OPERATIONS } from "../../sandbox/twilio/api";
import { TWILIO_API_SPEC, TWILIO_MESSAGING_SPEC } from "../../sandbox/twilio/spec";
import { twilioSignature } from "../../sandbox/twilio/signing";
import { defaultSpecsDir, openSpecStore } from "../../sandbox/validation/spec-store";
import { control, requestsOf, waitFor } from "./helpers";
import { failure, twilioOn, useTwilioSandbox } from "./twilio-helpers";

const tw = useTwilioSandbox();
const { received } = tw;

const ACCOUNT = "AC00000000000000000000000000000a11";
const TOKEN = "fake0auth0token0for0sandbox00001";

function client(user = ACCOUNT, password = TOKEN, accountSid?: string) {
  return twilioOn(tw.sb, user, password, accountSid);
}

describe("Twilio sandbox: accounts and senders", () => {
  it("opens an account on first use and lists its own numbers and Messaging Services", async () => {
    const account = await client().api.v2010.accounts(ACCOUNT).fetch();
    expect(account.sid).toBe(ACCOUNT);
    expect(account.status).toBe("active");
    const numbers = await client().incomingPhoneNumbers.list();
    expect(numbers).toHaveLength(2);
    expect(numbers[0]!.phoneNumber).toMatch(/^\+1202555\d{4}$/);
    const services = await client().messaging.v1.services.list();
    expect(services).toEqual([expect.objectContaining({ friendlyName: "Sandbox Notifications" })]);
    expect(services[0]!.sid).toMatch(/^MG[0-9a-f]{32}$/);
  });

  it("refuses a wrong auth token once the account has one, and unknown credential shapes, with 20003", async () => {
    await client().api.v2010.accounts(ACCOUNT).fetch();
    const wrong = await failure(client(ACCOUNT, "another0token0for0the0account001").api.v2010.accounts(ACCOUNT).fetch());
    expect(wrong).toMatchObject({ status: 401, code: 20003 });
    const other = "AC00000000000000000000000000000b22";
    expect(await failure(client().api.v2010.accounts(other).fetch())).toMatchObject({ status: 401, code: 20003 });
  });

  it("accepts an API key SID and secret for the account named in the path", async () => {
    const key = "SK00000000000000000000000000000c33";
    const c = client(key, "fake-api-key-secret", ACCOUNT);
    expect((await c.api.v2010.accounts(ACCOUNT).fetch()).sid).toBe(ACCOUNT);
    expect(await c.messaging.v1.services.list()).toHaveLength(1);
    expect(await failure(client(key, "not-the-same-secret", ACCOUNT).api.v2010.accounts(ACCOUNT).fetch())).toMatchObject({ status: 401, code: 20003 });
  });
});

describe("Twilio sandbox: messages", () => {
  it("creates a message from an account number, then posts signed status callbacks queued → sent → delivered", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const callback = `${tw.receiverUrl}/status?connection=abc`;
    const m = await client().messages.create({ to: "+14155550123", from: from!.phoneNumber, body: "See you at Launch", statusCallback: callback });
    expect(m.status).toBe("queued");
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    await waitFor("two callbacks", () => received.length >= 2);
    expect(received.map((r) => r.params.MessageStatus)).toEqual(["sent", "delivered"]);
    for (const r of received) {
      expect(r.url).toBe(callback);
      expect(twilio.validateRequest(TOKEN, r.signature, callback, r.params)).toBe(true);
      expect(twilio.validateRequest("some0other0token0000000000000000", r.signature, callback, r.params)).toBe(false);
      expect(twilio.validateRequest(TOKEN, r.signature, `${tw.receiverUrl}/status?connection=xyz`, r.params)).toBe(false);
    }
    expect((await client().messages(m.sid).fetch()).status).toBe("delivered");
    const inbox = (await control<{ twilio: { threads: Array<{ number: string; party: string; messages: Array<{ body: string }> }> } }>(tw.sb, "GET", "inbox.json")).body;
    expect(inbox.twilio.threads).toEqual([expect.objectContaining({ number: from!.phoneNumber, party: "+14155550123", messages: [expect.objectContaining({ body: "See you at Launch" })] })]);
  });

  it("sends through a Messaging Service and ends undelivered with the error code a control call set", async () => {
    const [service] = await client().messaging.v1.services.list();
    await control(tw.sb, "POST", "twilio/fail", { to: "+14155550188", status: "undelivered", errorCode: 30003 });
    const m = await client().messages.create({ to: "+14155550188", messagingServiceSid: service!.sid, body: "Hello", statusCallback: `${tw.receiverUrl}/s` });
    expect(m.status).toBe("accepted");
    await waitFor("the final callback", () => received.find((r) => r.params.MessageStatus === "undelivered"));
    expect(received.at(-1)!.params).toMatchObject({ ErrorCode: "30003", MessagingServiceSid: service!.sid });
    const page = await client().messages.list({ to: "+14155550188" });
    expect(page.map((x) => [x.status, x.errorCode])).toEqual([["undelivered", 30003]]);
  });

  it("refuses what Twilio's spec and rules refuse: no To, no sender, a number not of the account, no body", async () => {
    const c = client();
    const [from] = await c.incomingPhoneNumbers.list();
    // The SDK itself refuses a call without To, so this one goes as a raw form POST.
    const noTo = await fetch(`${tw.sb.url}/twilio/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ From: from!.phoneNumber, Body: "x" }).toString(),
    });
    expect(noTo.status).toBe(400);
    expect(await noTo.json()).toMatchObject({ code: 21604, status: 400 });
    expect(await failure(c.messages.create({ to: "+14155550123", body: "x" } as never))).toMatchObject({ status: 400, code: 21603 });
    expect(await failure(c.messages.create({ to: "+14155550123", from: "+14155550000", body: "x" }))).toMatchObject({ status: 400, code: 21606 });
    expect(await failure(c.messages.create({ to: "+14155550123", from: from!.phoneNumber }))).toMatchObject({ status: 400, code: 21602 });
    expect(await failure(c.messages.create({ to: "0412 345", from: from!.phoneNumber, body: "x" }))).toMatchObject({ status: 400, code: 21211 });
    const invalidEnum = await failure(c.messages.create({ to: "+14155550123", from: from!.phoneNumber, body: "x", scheduleType: "later" as never }));
    expect(invalidEnum.status).toBe(400);
    expect(invalidEnum.message).toMatch(/ScheduleType/);
    const logged = await requestsOf(tw.sb, "twilio");
    expect(logged.some((r) => r.operation === "twilio CreateMessage" && r.validation.checked)).toBe(true);
  });

  it("answers an injected 429 in Twilio's shape with Retry-After", async () => {
    await control(tw.sb, "POST", "faults", { provider: "twilio", kind: "rate_limit", retryAfterSeconds: 2, times: 1 });
    const res = await fetch(`${tw.sb.url}/twilio/2010-04-01/Accounts/${ACCOUNT}.json`, { headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toMatchObject({ code: 20429, status: 429 });
  });
});

describe("Twilio sandbox: inbound replies", () => {
  it("posts a simulated reply, signed, to the number's SMS URL and shows it in the thread", async () => {
    const c = client();
    const [number] = await c.incomingPhoneNumbers.list();
    const smsUrl = `${tw.receiverUrl}/inbound`;
    await c.incomingPhoneNumbers(number!.sid).update({ smsUrl });
    const res = await control<{ answered: number }>(tw.sb, "POST", "twilio/inbound", { from: "+14155550123", to: number!.phoneNumber, body: "STOP" });
    expect(res.body.answered).toBe(204);
    const r = received.at(-1)!;
    expect(r.params).toMatchObject({ Body: "STOP", From: "+14155550123", To: number!.phoneNumber, AccountSid: ACCOUNT });
    expect(twilio.validateRequest(TOKEN, r.signature, smsUrl, r.params)).toBe(true);
    const inbox = (await control<{ twilio: { messages: Array<{ direction: string; body: string }> } }>(tw.sb, "GET", "inbox.json")).body;
    expect(inbox.twilio.messages).toEqual([expect.objectContaining({ direction: "inbound", body: "STOP" })]);
  });

  it("refuses a reply to a number no account has, or without an SMS URL", async () => {
    expect((await control(tw.sb, "POST", "twilio/inbound", { from: "+14155550123", to: "+12025550999", body: "hi" })).status).toBe(404);
    const [number] = await client().incomingPhoneNumbers.list();
    expect((await control(tw.sb, "POST", "twilio/inbound", { from: "+14155550123", to: number!.phoneNumber, body: "hi" })).status).toBe(400);
  });
});

describe("Twilio sandbox: against Twilio's own descriptions", () => {
  it("emulates only operations Twilio's spec files describe", async () => {
    const store = await openSpecStore(defaultSpecsDir(), requiredSpecFiles());
    const api = (await store.load(TWILIO_API_SPEC))!;
    const messaging = (await store.load(TWILIO_MESSAGING_SPEC))!;
    for (const op of EMULATED_TWILIO_OPERATIONS) {
      const spec = op.messaging ? messaging : api;
      const concrete = op.template.replace(/\{[^}]+\}/g, "AC0000000000000000000000000000x001");
      expect(spec.operation(op.method, concrete)?.pathTemplate, `${op.method} ${op.template}`).toBe(op.template);
    }
  });

  it("signs exactly as the SDK expects Twilio to sign", () => {
    const params = { MessageSid: "SM00000000000000000000000000000001", MessageStatus: "delivered", To: "+14155550123", Body: "a b&c=d" };
    const url = "https://events.example/api/webhooks/twilio?connection=abc";
    expect(twilioSignature(TOKEN, url, params)).toBe(twilio.getExpectedTwilioSignature(TOKEN, url, params));
  });
});
