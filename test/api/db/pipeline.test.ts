import { describe, expect, it } from "vitest";
import { type Pipeline, type PipelinedQuery, pipelinePool } from "../../../api/src/db/pipeline";

/** A pipeline whose statements wait until the test lets them answer, recording which one ran them. */
function heldPipeline(name: string, ran: string[]) {
  const waiting: (() => void)[] = [];
  let closed = false;
  const pipeline: Pipeline = {
    query(query: PipelinedQuery) {
      ran.push(`${name}:${query.text}`);
      return new Promise((resolve) => waiting.push(() => resolve({ rows: [{ by: name }] })));
    },
    async close() {
      closed = true;
    },
  };
  return {
    pipeline,
    answerAll() {
      for (const answer of waiting.splice(0)) answer();
    },
    isClosed: () => closed,
  };
}

const statement = (text: string): PipelinedQuery => ({ text, values: [] });

describe("a pool of pipelined connections", () => {
  it("keeps light load on the first connection and spreads statements in flight over the others", async () => {
    const ran: string[] = [];
    const first = heldPipeline("a", ran);
    const second = heldPipeline("b", ran);
    const pool = pipelinePool([first.pipeline, second.pipeline]);

    const alone = pool.query(statement("1"));
    first.answerAll();
    expect(await alone).toEqual({ rows: [{ by: "a" }] });
    const afterIdle = pool.query(statement("2"));
    first.answerAll();
    await afterIdle;
    expect(ran).toEqual(["a:1", "a:2"]);

    const together = [pool.query(statement("3")), pool.query(statement("4")), pool.query(statement("5"))];
    expect(ran.slice(2)).toEqual(["a:3", "b:4", "a:5"]);
    first.answerAll();
    second.answerAll();
    expect((await Promise.all(together)).map((result) => result.rows[0])).toEqual([
      { by: "a" },
      { by: "b" },
      { by: "a" },
    ]);
  });

  it("closes every connection", async () => {
    const members = [heldPipeline("a", []), heldPipeline("b", [])];
    await pipelinePool(members.map((member) => member.pipeline)).close();
    expect(members.map((member) => member.isClosed())).toEqual([true, true]);
  });
});
