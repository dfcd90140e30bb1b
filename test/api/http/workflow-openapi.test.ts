import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

type Schema = { properties?: Record<string, unknown>; required?: string[]; allOf?: Schema[] };

describe("the team workflow in the OpenAPI document", () => {
  it("lists every workflow route with its methods", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, Schema> };
    };
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/api/v1/threads/{ref}/notes")).toEqual(["get", "post"]);
    expect(methods("/api/v1/saved-replies")).toEqual(["get", "post"]);
    expect(methods("/api/v1/saved-replies/{id}")).toEqual(["delete", "get", "patch"]);
    expect(methods("/api/v1/saved-replies/{id}/render")).toEqual(["post"]);
    expect(methods("/api/v1/analytics/summary")).toEqual(["get"]);
    expect(methods("/api/v1/analytics/agents")).toEqual(["get"]);
    expect(methods("/api/v1/analytics/daily")).toEqual(["get"]);
    expect(methods("/api/v1/orgs/{slug}/audit")).toEqual(["get"]);

    const summary = doc.components.schemas.ThreadSummary!;
    for (const field of ["priority", "tags", "sla", "firstResponseAt", "resolvedAt", "reopenCount"]) {
      expect(summary.required, field).toContain(field);
    }
    const detail = doc.components.schemas.ThreadDetail!.allOf!.find((part) => part.properties)!;
    expect(detail.required).toContain("notes");
    expect(Object.keys(doc.components.schemas.ThreadUpdate!.properties!).sort()).toEqual(
      ["addTags", "assignee", "priority", "removeTags", "status", "tags"].sort(),
    );
    expect(Object.keys(doc.components.schemas.Inbox!.properties!)).toEqual(
      expect.arrayContaining(["firstResponseMinutes", "resolutionMinutes"]),
    );
  });
});
