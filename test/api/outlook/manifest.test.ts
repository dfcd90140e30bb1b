import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addinId } from "../../../api/src/outlook/manifest";
import { COMPOSE_PANE_COMMAND } from "../../../outlook-addin/src/common/api-types";
import { type AddinWorld, addinWorld } from "../../outlook-addin/addin-world";
import { findAll, parseManifest, type XmlNode } from "../../outlook-addin/manifest-xml";

const attr = (node: XmlNode | undefined, name: string) => node?.$?.[name];
const text = (node: XmlNode | undefined) => (typeof node === "string" ? node : node?._);
const children = (node: XmlNode | undefined, name: string) => (node?.[name] as XmlNode[] | undefined) ?? [];

describe("GET /outlook/manifest.xml", () => {
  let w: AddinWorld;
  let xml: string;
  let manifest: XmlNode;
  beforeAll(async () => {
    w = await addinWorld();
    const response = await fetch(`${w.url}/outlook/manifest.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/xml");
    xml = await response.text();
    manifest = await parseManifest(xml);
  });
  afterAll(() => w?.close());

  const versionOverrides = () => {
    const outer = children(manifest, "VersionOverrides")[0]!;
    expect(attr(outer, "xsi:type")).toBe("VersionOverridesV1_0");
    const inner = children(outer, "VersionOverrides")[0]!;
    expect(attr(inner, "xsi:type")).toBe("VersionOverridesV1_1");
    expect(attr(inner, "xmlns")).toBe("http://schemas.microsoft.com/office/mailappversionoverrides/1.1");
    return inner;
  };

  it("is a mail add-in asking for ReadWriteItem and Mailbox 1.12", () => {
    expect(attr(manifest, "xsi:type")).toBe("MailApp");
    expect(text(children(manifest, "Id")[0])).toBe(addinId(w.url));
    expect(text(children(manifest, "Permissions")[0])).toBe("ReadWriteItem");
    const sets = findAll(versionOverrides(), "bt:Sets")[0];
    expect(Number(attr(sets, "DefaultMinVersion"))).toBeGreaterThanOrEqual(1.12);
    expect(attr(children(sets, "bt:Set")[0], "Name")).toBe("Mailbox");
  });

  it("has a pinnable read pane and a compose pane, the compose one named as the send check opens it", () => {
    const points = findAll(versionOverrides(), "ExtensionPoint");
    const surface = (type: string) => points.find((point) => attr(point, "xsi:type") === type);
    const read = surface("MessageReadCommandSurface");
    const compose = surface("MessageComposeCommandSurface");
    const readAction = findAll(read!, "Action")[0];
    expect(attr(readAction, "xsi:type")).toBe("ShowTaskpane");
    expect(text(children(readAction, "SupportsPinning")[0])).toBe("true");
    const composeControl = findAll(compose!, "Control")[0];
    expect(attr(composeControl, "id")).toBe(COMPOSE_PANE_COMMAND);
    expect(attr(findAll(composeControl!, "Action")[0], "xsi:type")).toBe("ShowTaskpane");
    expect(text(findAll(versionOverrides(), "SupportsSharedFolders")[0])).toBe("true");
  });

  it("launches on compose, recipient changes and send, the send check in SoftBlock mode", () => {
    const events = findAll(versionOverrides(), "LaunchEvent").map((event) => event.$);
    expect(events).toEqual([
      { Type: "OnNewMessageCompose", FunctionName: "onNewMessageCompose" },
      { Type: "OnMessageRecipientsChanged", FunctionName: "onMessageRecipientsChanged" },
      { Type: "OnMessageSend", FunctionName: "onMessageSend", SendMode: "SoftBlock" },
    ]);
  });

  it("runs the handlers from the HTML page, and from the JavaScript file alone in classic Outlook", () => {
    const runtime = findAll(versionOverrides(), "Runtime")[0];
    const override = children(runtime, "Override")[0];
    expect(attr(override, "type")).toBe("javascript");
    const urls = Object.fromEntries(
      findAll(manifest, "bt:Url").map((url) => [attr(url, "id"), attr(url, "DefaultValue")]),
    );
    expect(urls[attr(runtime, "resid")!]).toBe(`${w.url}/outlook/commands.html`);
    expect(urls[attr(override, "resid")!]).toBe(`${w.url}/outlook/launchevent.js`);
  });

  it("defines every resource it refers to, and refers to every resource it defines", () => {
    const defined = ["bt:Image", "bt:Url", "bt:String"].flatMap((name) =>
      findAll(versionOverrides(), name)
        .map((node) => attr(node, "id"))
        .filter((id): id is string => id !== undefined),
    );
    const referred = [...xml.matchAll(/resid="([^"]+)"/g)].map((match) => match[1]!);
    expect(new Set(defined).size).toBe(defined.length);
    expect([...new Set(referred)].sort()).toEqual([...new Set(defined)].sort());
  });

  it("puts every URL on this deployment, and each of them answers", async () => {
    const urls = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)].map(
      (match) => match[1]!,
    );
    expect(urls.length).toBeGreaterThan(8);
    for (const url of new Set(urls)) {
      expect(url.startsWith(w.url), url).toBe(true);
      if (url === w.url || url.endsWith("/admin")) continue;
      expect((await fetch(url)).status, url).toBe(200);
    }
  });

  it("keeps its id for a deployment and differs between deployments", () => {
    expect(addinId("https://tisket.example")).toBe(addinId("https://tisket.example"));
    expect(addinId("https://tisket.example")).not.toBe(addinId("https://other.example"));
    expect(addinId("https://tisket.example")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
