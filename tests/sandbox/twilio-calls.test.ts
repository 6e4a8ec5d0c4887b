// The Twilio sandbox's voice calls: created through the official SDK with TwiML its
// builder made, checked as Twilio checks them, progressed with signed status
// callbacks for the requested events only, and ended busy / unanswered / failed
// on a control call's word.
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { control, requestsOf, waitFor } from "./helpers";
import { failure, twilioOn, useTwilioSandbox } from "./twilio-helpers";

const tw = useTwilioSandbox();
const { received } = tw;

const ACCOUNT = "AC00000000000000000000000000000a12";
const TOKEN = "fake0auth0token0for0sandbox00002";
const TO = "+14155550123";

const client = () => twilioOn(tw.sb, ACCOUNT, TOKEN);

function twiml(text: string, language = "de-DE") {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: language as never }, text);
  return r.toString();
}

describe("Twilio sandbox: calls", () => {
  it("places a call from an account number and posts signed callbacks initiated → ringing → in-progress → completed", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const callback = `${tw.receiverUrl}/status?connection=abc`;
    const call = await client().calls.create({ to: TO, from: from!.phoneNumber, twiml: twiml("Die Veranstaltung fällt aus <heute> & morgen"), statusCallback: callback, statusCallbackEvent: ["initiated", "ringing", "answered", "completed"] });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe("queued");
    await waitFor("four callbacks", () => received.length >= 4);
    expect(received.map((r) => r.params.CallStatus)).toEqual(["initiated", "ringing", "in-progress", "completed"]);
    expect(received.map((r) => r.params.SequenceNumber)).toEqual(["0", "1", "2", "3"]);
    expect(received.at(-1)!.params).toMatchObject({ CallSid: call.sid, AccountSid: ACCOUNT, From: from!.phoneNumber, To: TO, CallDuration: "14" });
    for (const r of received) expect(twilio.validateRequest(TOKEN, r.signature, callback, r.params)).toBe(true);
    expect((await client().calls(call.sid).fetch()).status).toBe("completed");
    const inbox = (await control<{ twilio: { calls: Array<{ sid: string; spoken: Array<{ language: string; text: string }>; twiml: string }> } }>(tw.sb, "GET", "inbox.json")).body;
    expect(inbox.twilio.calls).toEqual([expect.objectContaining({ sid: call.sid, spoken: [{ language: "de-DE", text: "Die Veranstaltung fällt aus <heute> & morgen" }] })]);
    expect(inbox.twilio.calls[0]!.twiml).toContain("&lt;heute&gt; &amp; morgen");
    const page = await (await fetch(`${tw.sb.url}/`)).text();
    expect(page).toContain("Die Veranstaltung fällt aus &lt;heute&gt; &amp; morgen");
  });

  it("posts only the requested events: completed alone by default", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const call = await client().calls.create({ to: TO, from: from!.phoneNumber, twiml: twiml("x"), statusCallback: `${tw.receiverUrl}/s` });
    await waitFor("the completed callback", () => received.length >= 1);
    expect((await client().calls(call.sid).fetch()).status).toBe("completed");
    expect(received.map((r) => r.params.CallStatus)).toEqual(["completed"]);
  });

  it("ends the next call busy, unanswered or failed when a control call says so", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const all = ["initiated", "ringing", "answered", "completed"];
    for (const status of ["busy", "no-answer", "failed"] as const) {
      received.length = 0;
      expect((await control(tw.sb, "POST", "twilio/call-fault", { status, to: TO })).status).toBe(200);
      const call = await client().calls.create({ to: TO, from: from!.phoneNumber, twiml: twiml("x"), statusCallback: `${tw.receiverUrl}/s`, statusCallbackEvent: all });
      await waitFor(`the ${status} callback`, () => received.find((r) => r.params.CallStatus === status));
      expect(received.map((r) => r.params.CallStatus)).toEqual(status === "failed" ? ["failed"] : ["initiated", "ringing", status]);
      expect((await client().calls(call.sid).fetch()).status).toBe(status);
    }
    // The fault was for one call only.
    received.length = 0;
    await client().calls.create({ to: TO, from: from!.phoneNumber, twiml: twiml("x"), statusCallback: `${tw.receiverUrl}/s`, statusCallbackEvent: all });
    await waitFor("completed", () => received.find((r) => r.params.CallStatus === "completed"));
    expect((await control(tw.sb, "POST", "twilio/call-fault", { status: "hung-up" })).status).toBe(400);
  });

  it("refuses what Twilio refuses: no From, a caller not of the account, no TwiML or URL, TwiML that does not parse, a bad number", async () => {
    const c = client();
    const [from] = await c.incomingPhoneNumbers.list();
    const raw = await fetch(`${tw.sb.url}/twilio/2010-04-01/Accounts/${ACCOUNT}/Calls.json`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ To: TO, Twiml: twiml("x") }).toString(),
    });
    expect(raw.status).toBe(400);
    expect(await failure(c.calls.create({ to: TO, from: "+14155550000", twiml: twiml("x") }))).toMatchObject({ status: 400, code: 21210 });
    expect(await failure(c.calls.create({ to: TO, from: from!.phoneNumber } as never))).toMatchObject({ status: 400, code: 21205 });
    expect(await failure(c.calls.create({ to: TO, from: from!.phoneNumber, twiml: "<Response><Say>Fish & chips</Say></Response>" }))).toMatchObject({ status: 400, code: 12100 });
    expect(await failure(c.calls.create({ to: TO, from: from!.phoneNumber, twiml: "Hello there" }))).toMatchObject({ status: 400, code: 12100 });
    expect(await failure(c.calls.create({ to: "0412 345", from: from!.phoneNumber, twiml: twiml("x") }))).toMatchObject({ status: 400, code: 21211 });
    const logged = await requestsOf(tw.sb, "twilio");
    expect(logged.some((r) => r.operation === "twilio CreateCall" && r.validation.checked)).toBe(true);
  });
});
