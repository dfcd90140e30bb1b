import { defineConfig } from "vitest/config";

// npm run test:chaos: its own Postgres cluster, crashed and stalled on purpose (see test/chaos)
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.chaos.ts"],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
