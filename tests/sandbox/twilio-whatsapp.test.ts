// The Twilio sandbox's WhatsApp: the Content API's approved templates (emulated
// without a spec), template messages rendered with their variables, free-form text
// only inside the 24-hour window a person's message opens, and simulated replies.
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { control, requestsOf, waitFor } from "./helpers";
import { failure, twilioOn, useTwilioSandbox } from "./twilio-helpers";

const tw = useTwilioSandbox();
const { received } = tw;

const ACCOUNT = "AC00000000000000000000000000000a13";
const TOKEN = "fake0auth0token0for0sandbox00003";
const PERSON = "+14155550177";

const client = () => twilioOn(tw.sb, ACCOUNT, TOKEN);

interface InboxMessage {
  sid: string;
  channel: string;
  direction: string;
  body: string;
  status: string;
  contentSid: string | null;
}
const inboxMessages = async () => (await control<{ twilio: { messages: InboxMessage[] } }>(tw.sb, "GET", "inbox.json")).body.twilio.messages;

describe("Twilio sandbox: Content API", () => {
  it("lists the account's approved WhatsApp templates through the SDK and fetches one", async () => {
    const contents = await client().content.v1.contents.list();
    expect(contents.map((c) => c.friendlyName)).toEqual(["registration_confirmation", "event_reminder", "anmeldebestaetigung"]);
    expect(contents[0]!.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect(contents[0]!.types).toEqual({ "twilio/text": { body: "Hi {{1}}, you're registered for {{2}} on {{3}}. Details: {{4}}" } });
    expect((await client().content.v1.contents(contents[1]!.sid).fetch()).friendlyName).toBe("event_reminder");
    const logged = await requestsOf(tw.sb, "twilio");
    expect(logged.find((r) => r.operation === "twilio content ListContent")?.validation.notes.join(" ")).toMatch(/no description/);
  });

  it("refuses a wrong token and a bad page size", async () => {
    const wrong = twilio(ACCOUNT, "another0token0for0the0account001");
    wrong.content.baseUrl = `${tw.sb.url}/twilio/content`;
    await client().content.v1.contents.list();
    expect(await failure(wrong.content.v1.contents.list())).toMatchObject({ status: 401 });
    expect(await failure(client().content.v1.contents.page({ pageSize: 5000 }))).toMatchObject({ status: 400 });
  });
});

describe("Twilio sandbox: WhatsApp messages", () => {
  it("sends an approved template with its variables filled, whatsapp: on both ends, and posts signed statuses", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const [template] = await client().content.v1.contents.list();
    const m = await client().messages.create({
      from: `whatsapp:${from!.phoneNumber}`,
      to: `whatsapp:${PERSON}`,
      contentSid: template!.sid,
      contentVariables: JSON.stringify({ "1": "Ada <3", "2": "Launch", "3": "Friday", "4": "https://events.example/e/l" }),
      statusCallback: `${tw.receiverUrl}/s`,
    });
    expect(m.to).toBe(`whatsapp:${PERSON}`);
    await waitFor("delivered", () => received.find((r) => r.params.MessageStatus === "delivered"));
    for (const r of received) expect(twilio.validateRequest(TOKEN, r.signature, `${tw.receiverUrl}/s`, r.params)).toBe(true);
    const [shown] = await inboxMessages();
    expect(shown).toMatchObject({ channel: "whatsapp", contentSid: template!.sid, body: "Hi Ada <3, you're registered for Launch on Friday. Details: https://events.example/e/l" });
    const page = await (await fetch(`${tw.sb.url}/`)).text();
    expect(page).toContain("Hi Ada &lt;3, you&#39;re registered");
  });

  it("refuses a template of no account, missing variables, a sender that is not the account's, and mixed channels", async () => {
    const [from] = await client().incomingPhoneNumbers.list();
    const [template] = await client().content.v1.contents.list();
    const wa = `whatsapp:${from!.phoneNumber}`;
    expect(await failure(client().messages.create({ from: wa, to: `whatsapp:${PERSON}`, contentSid: "HX00000000000000000000000000000000" }))).toMatchObject({ status: 400, code: 21655 });
    expect(await failure(client().messages.create({ from: wa, to: `whatsapp:${PERSON}`, contentSid: template!.sid, contentVariables: JSON.stringify({ "1": "Ada" }) }))).toMatchObject({ status: 400, code: 21656 });
    expect(await failure(client().messages.create({ from: wa, to: `whatsapp:${PERSON}`, contentSid: template!.sid, contentVariables: "{not json" }))).toMatchObject({ status: 400, code: 21656 });
    expect(await failure(client().messages.create({ from: "whatsapp:+14155550000", to: `whatsapp:${PERSON}`, body: "x" }))).toMatchObject({ status: 400, code: 63007 });
    expect(await failure(client().messages.create({ from: from!.phoneNumber, to: `whatsapp:${PERSON}`, body: "x" }))).toMatchObject({ status: 400, code: 63007 });
  });

  it("fails free-form text with 63016 outside the 24-hour window, and delivers it after the person wrote", async () => {
    const c = client();
    const [number] = await c.incomingPhoneNumbers.list();
    const wa = `whatsapp:${number!.phoneNumber}`;
    await c.messages.create({ from: wa, to: `whatsapp:${PERSON}`, body: "Doors open at 6", statusCallback: `${tw.receiverUrl}/s` });
    const failed = await waitFor("the failed status", () => received.find((r) => r.params.MessageStatus === "failed"));
    expect(failed.params.ErrorCode).toBe("63016");

    received.length = 0;
    const reply = await control<{ answered: number }>(tw.sb, "POST", "twilio/inbound", { from: `whatsapp:${PERSON}`, to: wa, body: "Hi!", url: `${tw.receiverUrl}/in` });
    expect(reply.status).toBe(200);
    const inbound = received.find((r) => r.url.endsWith("/in"))!;
    expect(inbound.params).toMatchObject({ From: `whatsapp:${PERSON}`, To: wa, Body: "Hi!", WaId: PERSON.slice(1) });
    expect(twilio.validateRequest(TOKEN, inbound.signature, `${tw.receiverUrl}/in`, inbound.params)).toBe(true);

    await c.messages.create({ from: wa, to: `whatsapp:${PERSON}`, body: "Doors open at 6", statusCallback: `${tw.receiverUrl}/s` });
    await waitFor("the delivered status", () => received.find((r) => r.params.MessageStatus === "delivered"));
    const thread = (await control<{ twilio: { threads: Array<{ channel: string; messages: unknown[] }> } }>(tw.sb, "GET", "inbox.json")).body.twilio.threads;
    expect(thread).toEqual([expect.objectContaining({ channel: "whatsapp", messages: expect.arrayContaining([]) })]);
    expect(thread[0]!.messages).toHaveLength(3);
    expect((await control(tw.sb, "POST", "twilio/inbound", { from: `whatsapp:${PERSON}`, to: number!.phoneNumber, body: "x", url: `${tw.receiverUrl}/in` })).status).toBe(400);
  });
});
