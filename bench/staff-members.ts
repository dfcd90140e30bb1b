/** A member of the bench org the staff suite calls the API as. */
export type StaffMember = { email: string; name: string; token: string };

/** The API child's per-member limit: high enough that the bench measures work, not 429s. */
export const BENCH_RATE_LIMIT_PER_MINUTE = 100_000_000;
