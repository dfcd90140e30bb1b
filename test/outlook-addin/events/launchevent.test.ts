import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_HOLD_MESSAGE } from "../../../outlook-addin/src/common/send-check";
import { formatRef } from "../../../shared/src/subject-tag";
import { testDrivers } from "../../helpers/databases";
import { makeInbox } from "../../helpers/factories";
import { type AddinWorld, addinWorld } from "../addin-world";
import type { StandInItem, StandInPerson } from "../office-stand-in";
import { runEventFile } from "./event-runtime";

const person = (emailAddress: string, displayName = ""): StandInPerson => ({ emailAddress, displayName });
const SUPPORT = person("support.acme@tisket.test", "Acme support");
const draft = (subject: string, to: StandInPerson[], cc: StandInPerson[] = []): StandInItem => ({
  mode: "compose",
  subject,
  to,
  cc,
});
let clients = 0;
const clientAddress = () => `client-${++clients}-${Date.now()}@client.example`;

describe.each(testDrivers)("the event file on %s", (driver) => {
  let w: AddinWorld;
  let script: string;
  let token: string;
  beforeAll(async () => {
    w = await addinWorld({ driver });
    script = await (await fetch(`${w.url}/outlook/launchevent.js`)).text();
    token = (await w.member("Ada Agent")).token;
  });
  afterAll(() => w?.close());

  const run = (item: StandInItem, requirements = { Mailbox: "1.15" }, roaming = { tisketToken: token }) =>
    runEventFile(script, { items: [item], roaming, requirements });

  it("tags untagged mail to an inbox with the one open thread of its recipients, and lets it go", async () => {
    const client = clientAddress();
    const thread = await w.thread({ clientEmail: client, subject: "Printer on fire" });
    const events = run(draft("About the printer", [person(client, "Cleo")], [SUPPORT]));
    const completed = await events.fire("onMessageSend");
    expect(completed).toEqual({ allowEvent: true });
    expect(events.control.item().subject).toBe(`[${formatRef(thread.number)}] About the printer`);
  });

  it("holds mail to an inbox whose recipients have two open threads, offering the pane", async () => {
    const client = clientAddress();
    await w.thread({ clientEmail: client, subject: "First" });
    await w.thread({ clientEmail: client, subject: "Second", status: "in_progress" });
    const events = run(draft("Hello again", [person(client)], [SUPPORT]));
    const completed = await events.fire("onMessageSend");
    expect(completed).toMatchObject({
      allowEvent: false,
      commandId: "TisketComposePane",
      cancelLabel: "Open Tisket",
    });
    expect(completed?.errorMessage).toContain("2 open threads");
    expect(completed!.errorMessage!.length).toBeLessThanOrEqual(MAX_HOLD_MESSAGE);
    expect(completed!.cancelLabel!.length).toBeLessThanOrEqual(20);
    expect(events.control.item().subject).toBe("Hello again");
  });

  it("holds mail to an inbox when no open thread matches, so the agent starts one", async () => {
    const client = clientAddress();
    await w.thread({ clientEmail: client, status: "closed" });
    const events = run(draft("New matter", [person(client)], [SUPPORT]));
    const completed = await events.fire("onMessageSend");
    expect(completed?.allowEvent).toBe(false);
    expect(completed?.errorMessage).toContain("no open thread");
  });

  it("counts only the threads of the inbox the mail goes to", async () => {
    const billing = await makeInbox(w.db, w.org, { name: `billing-${clients}` });
    const client = clientAddress();
    const supportThread = await w.thread({ clientEmail: client, subject: "Support matter" });
    await w.thread({ clientEmail: client, subject: "Billing matter", inboxId: billing.id });
    const events = run(draft("", [person(client)], [SUPPORT]));
    expect(await events.fire("onMessageSend")).toEqual({ allowEvent: true });
    expect(events.control.item().subject).toBe(`[${formatRef(supportThread.number)}] Support matter`);
  });

  it("on clients before Mailbox 1.14 holds with the message alone", async () => {
    const client = clientAddress();
    const events = run(draft("Hi", [person(client)], [SUPPORT]), { Mailbox: "1.12" });
    const completed = await events.fire("onMessageSend");
    expect(completed).toEqual({ allowEvent: false, errorMessage: expect.any(String) });
  });

  it("lets tagged mail go untouched, without asking the API", async () => {
    const events = run(draft("Re: [THD-7] Printer", [person(clientAddress())], [SUPPORT]));
    expect(await events.fire("onMessageSend")).toEqual({ allowEvent: true });
    expect(events.control.item().subject).toBe("Re: [THD-7] Printer");
    expect(events.requests).toEqual([]);
  });

  it("lets mail to no inbox go untouched", async () => {
    const client = clientAddress();
    await w.thread({ clientEmail: client });
    const events = run(draft("Lunch?", [person(client)]));
    expect(await events.fire("onMessageSend")).toEqual({ allowEvent: true });
    expect(events.control.item().subject).toBe("Lunch?");
    expect(events.requests).toHaveLength(1);
  });

  it("lets the mail go when nobody is signed in, or the API refuses the token", async () => {
    const unsigned = run(draft("Hi", [SUPPORT]), { Mailbox: "1.15" }, { tisketToken: "" });
    expect(await unsigned.fire("onMessageSend")).toEqual({ allowEvent: true });
    expect(unsigned.requests).toEqual([]);
    const refused = run(draft("Hi", [SUPPORT]), { Mailbox: "1.15" }, { tisketToken: "tkt_revoked" });
    expect(await refused.fire("onMessageSend")).toEqual({ allowEvent: true });
  });

  it("says in the message bar what sending will do as recipients change", async () => {
    const client = clientAddress();
    const thread = await w.thread({ clientEmail: client, subject: "Refund" });
    const events = run(draft("About your refund", [person(client)]));
    await events.fire("onMessageRecipientsChanged");
    expect(events.control.notices).toEqual({});
    events.control.setRecipients([person(client)], [SUPPORT]);
    await events.fire("onMessageRecipientsChanged");
    expect(events.control.notices.tisket).toBe(
      `Tisket will file this mail in ${formatRef(thread.number)}, Refund.`,
    );
  });

  it("marks the agent composing when a reply in a thread is started", async () => {
    const client = clientAddress();
    const thread = await w.thread({ clientEmail: client, subject: "Broken screen" });
    const ref = formatRef(thread.number);
    const bob = await w.member("Bob Builder");
    const events = runEventFile(script, {
      items: [draft(`RE: [${ref}] Broken screen`, [person(client)], [SUPPORT])],
      roaming: { tisketToken: bob.token },
      requirements: { Mailbox: "1.15" },
    });
    await events.fire("onNewMessageCompose");
    expect(events.control.notices.tisket).toContain(ref);
    const seen = await fetch(`${w.url}/api/v1/context`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ client: "outlook", activity: "viewing", subject: `[${ref}]` }),
    });
    const context = (await seen.json()) as { presence: { member: { name: string }; activity: string }[] };
    expect(context.presence).toMatchObject([{ member: { name: "Bob Builder" }, activity: "composing" }]);
  });
});

describe("the event file when the API is down or slow", () => {
  let w: AddinWorld;
  let script: string;
  let silent: Server;
  beforeAll(async () => {
    w = await addinWorld();
    script = await (await fetch(`${w.url}/outlook/launchevent.js`)).text();
    // accepts connections and never answers: an API that hangs
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    silent?.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
    await w?.close();
  });

  const unsigned = (apiUrl: string) =>
    script.replace(
      /^var TISKET_ADDIN = .*;$/m,
      `var TISKET_ADDIN = ${JSON.stringify({ apiUrl, clientId: "", inboundDomain: "tisket.test" })};`,
    );
  const item = draft("Hi", [person("cleo@client.example")], [SUPPORT]);
  const setup = {
    items: [item],
    roaming: { tisketToken: "tkt_whatever" },
    requirements: { Mailbox: "1.15" },
  };

  it("lets the mail go when the API cannot be reached, and says so while composing", async () => {
    const closedPort = `http://127.0.0.1:1`;
    const send = runEventFile(unsigned(closedPort), structuredClone(setup));
    expect(await send.fire("onMessageSend")).toEqual({ allowEvent: true });
    expect(send.control.item().subject).toBe("Hi");
    const compose = runEventFile(unsigned(closedPort), structuredClone(setup));
    await compose.fire("onMessageRecipientsChanged");
    expect(compose.control.notices.tisket).toContain("can't be reached");
  });

  it("lets the mail go when the API does not answer in time", async () => {
    const address = silent.address() as AddressInfo;
    const send = runEventFile(unsigned(`http://127.0.0.1:${address.port}`), structuredClone(setup));
    expect(await send.fire("onMessageSend")).toEqual({ allowEvent: true });
  });
});
