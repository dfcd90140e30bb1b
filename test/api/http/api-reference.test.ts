import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("API reference", () => {
  it("serves the OpenAPI 3.1 document generated from the request schemas", async () => {
    const response = await t.app.request("/api/v1/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/threads",
      "/api/v1/threads/{ref}",
      "/api/v1/context",
      "/api/v1/presence",
      "/api/v1/events",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it("renders a readable page listing every operation and schema of that document", async () => {
    const doc = (await (await t.app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    const response = await t.app.request("/api/v1/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        expect(html, `${method} ${path}`).toContain(`id="${method}-${path}"`);
      }
    }
    for (const name of Object.keys(doc.components.schemas)) expect(html).toContain(`id="schema-${name}"`);
    expect(html).toContain('<a href="#schema-ThreadSummary">ThreadSummary</a>');
  });
});
