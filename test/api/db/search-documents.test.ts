import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../../api/src/db/query-rows";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { migrationStatements } from "../../helpers/migration-statements";

// the documents as first defined (SQL functions), put back over the PL/pgSQL ones for comparison
const firstDefinitions = migrationStatements("_search-documents.sql").map((statement) =>
  statement.replace(/CREATE FUNCTION/g, "CREATE OR REPLACE FUNCTION"),
);
const currentDefinitions = migrationStatements("_search-documents-plpgsql.sql");

const bodies = [
  { text: "The printer on floor 3 shows error 52 <again>.", html: "" },
  { text: "", html: "<style>p{color:red}</style><p>Caf&eacute; &amp; b&auml;ckerei &#8212; &lt;ok&gt;</p>" },
  { text: "", html: "<div>Only&nbsp;HTML<script>alert(1)</script> here &apos;quoted&apos;</div>" },
  { text: "Grüße aus Zürich, Ünïcödé ✓", html: "<p>ignored when there is text</p>" },
];

describe.each(testDrivers)("search documents on %s", (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it("are what the first definitions computed, so documents stored before the rewrite stay right", async () => {
    const db = database.db;
    const { org, inbox } = await makeOrgWithInbox(db);
    const thread = await makeThread(db, org, inbox, {
      subject: "Invoice <March> & more",
      clientName: "Ada Lovelace",
      clientEmail: "ada@acme.example",
    });
    for (const [index, body] of bodies.entries()) {
      await makeMessage(db, thread, {
        ...body,
        fromName: "Ada Lovelace",
        to: [{ email: "support.acme@tisket.test", name: "Acme Support" }],
        cc: index % 2 ? [{ email: "bob@acme.example", name: "Bob" }] : [],
      });
    }
    await makeMessage(db, thread, { direction: "outbound", text: "We got your email." });

    const stored = async () =>
      queryRows<{ messages: string; threads: string }>(
        db,
        sql`select
        (select string_agg(search::text, '|' order by created_at, id) from messages) as messages,
        (select string_agg(search::text, '|' order by id) from threads) as threads`,
      );
    const [written] = await stored();
    expect(written?.messages).toContain("52");
    expect(written?.messages).toContain("café");

    for (const statement of firstDefinitions) await db.execute(sql.raw(statement));
    await db.execute(sql`update messages set subject = subject`);
    await db.execute(sql`update threads set subject = subject`);
    const [recomputed] = await stored();
    for (const statement of currentDefinitions) await db.execute(sql.raw(statement));

    expect(recomputed).toEqual(written);
  });
});
