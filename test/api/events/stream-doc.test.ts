import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_EVENT_TYPES, liveEventSchemas } from "../../../api/src/events/payloads";
import { eventComponentName } from "../../../api/src/events/schemas";
import { makeTestApp, type TestApp } from "../../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

type Doc = {
  paths: Record<string, { get: { responses: Record<string, { description: string }> } }>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
};

describe("the event stream in the OpenAPI document", () => {
  it("lists each event type with the payload its publishers build", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as Doc;
    const stream = doc.paths["/api/v1/events"]!.get.responses["200"]!.description;
    for (const type of LIVE_EVENT_TYPES) {
      const name = eventComponentName(type);
      expect(stream).toContain(`\`${type}\` (${name}:`);
      const shape = liveEventSchemas[type].shape;
      expect(Object.keys(doc.components.schemas[name]!.properties)).toEqual(Object.keys(shape));
      expect(doc.components.schemas[name]!.required).toContain("ref");
    }
    expect(doc.components.schemas.PresenceEvent!.required).toEqual(
      Object.keys(liveEventSchemas.presence.shape),
    );
  });
});
