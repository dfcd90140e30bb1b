// A readable reference page rendered from the OpenAPI document itself, so the two never disagree.
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; description?: string };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
type OpenApiDocument = {
  info: { title: string; version: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ["get", "post", "put", "patch", "delete"];

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A one-line type for a schema, linking named schemas to their section. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop() ?? "";
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (schema.enum)
    return schema.enum.map((value) => `<code>${escapeHtml(JSON.stringify(value))}</code>`).join(" | ");
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  if (schema.properties) {
    const fields = Object.entries(schema.properties).map(
      ([key, value]) => `${escapeHtml(key)}: ${typeOf(value)}`,
    );
    return `{ ${fields.join(", ")} }`;
  }
  const types = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return escapeHtml(schema.format ? `${types} (${schema.format})` : types);
}

function propertiesTable(schema: Schema): string {
  const rows = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const required = schema.required?.includes(name) ? "required" : "optional";
    return `<tr><td><code>${escapeHtml(name)}</code></td><td>${typeOf(property)}</td><td>${required}</td><td>${escapeHtml(property.description ?? "")}</td></tr>`;
  });
  return rows.length
    ? `<table><tr><th>field</th><th>type</th><th></th><th></th></tr>${rows.join("")}</table>`
    : "";
}

function operationSection(path: string, method: string, operation: Operation): string {
  const parameters = (operation.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${typeOf(p.schema)}</td><td>${p.required ? "required" : "optional"}</td></tr>`,
    )
    .join("");
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => {
      const schema = response.content?.["application/json"]?.schema;
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(response.description ?? "")}</td><td>${schema ? typeOf(schema) : ""}</td></tr>`;
    })
    .join("");
  return `<section class="op" id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? "")}</p>${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ""}
${parameters ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th></th></tr>${parameters}</table>` : ""}
${body ? `<h4>Request body</h4><p>${typeOf(body)}</p>` : ""}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table>
</section>`;
}

/**
 * The generator's document type is wider than what this page reads; the fields read here are the
 * ones OpenAPI 3.1 defines with these shapes, so reading it through the narrow type is safe.
 */
function asDocument(document: object): OpenApiDocument {
  return document as OpenApiDocument;
}

export function renderApiReference(document: object): string {
  const doc = asDocument(document);
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method]! })),
  );
  const toc = operations
    .map(
      ({ path, method, operation }) =>
        `<li><a href="#${escapeHtml(`${method}-${path}`)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}</a> — ${escapeHtml(operation.summary ?? "")}</li>`,
    )
    .join("");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${propertiesTable(schema) || `<p>${typeOf(schema)}</p>`}</section>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d2330}
code{font:13px ui-monospace,monospace;background:#f3f4f7;padding:0 .25em;border-radius:3px}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border-bottom:1px solid #e3e5ea;padding:.25rem .5rem;text-align:left;vertical-align:top}
.method{font:bold 12px ui-monospace,monospace;padding:.1em .4em;border-radius:3px;color:#fff;background:#667}
.get{background:#2f6fb3}.post{background:#2e8b57}.put{background:#a0522d}.patch{background:#8a6d00}.delete{background:#b22222}
.op{border-top:2px solid #e3e5ea;margin-top:1.5rem}ul{padding-left:1.2rem}a{color:#2f5fa3}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} <small>v${escapeHtml(doc.info.version)}</small></h1>
<p>Calls take <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{ "error": { "code", "message" } }</code>.
The machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<h2>Operations</h2><ul>${toc}</ul>
${operations.map(({ path, method, operation }) => operationSection(path, method, operation)).join("\n")}
<h2>Schemas</h2>${schemas}
</body></html>`;
}
