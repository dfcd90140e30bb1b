/** The tenant every bench database gets, and the webhook credentials of the API under test. */
export const BENCH_ORG = "bench";
export const BENCH_INBOX = "support";
export const BENCH_DOMAIN = "tisket.bench";
export const BENCH_STAFF = "agent@bench.example";
export const INBOX_ADDRESS = `${BENCH_INBOX}.${BENCH_ORG}@${BENCH_DOMAIN}`;
export const WEBHOOK_USER = "postmark";
export const WEBHOOK_PASSWORD = "bench-hook-secret";
