import { z } from "zod";

const optional = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));
const url = z.url({ protocol: /^https?$/ });
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  PUBLIC_URL: url.optional(),
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^(postgres(ql)?|memory):\/\//, "must start with postgres://, postgresql:// or memory://")
      .optional(),
  ),
  DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  INBOUND_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a domain name such as inbound.example.com")
    .transform((value) => value.toLowerCase())
    .default("tisket.localhost"),
  SECRET_KEY: optional.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  WEBHOOK_USERNAME: optional,
  WEBHOOK_PASSWORD: optional,
  POSTMARK_SERVER_TOKEN: optional,
  POSTMARK_ACCOUNT_TOKEN: optional,
  POSTMARK_API_URL: optional.pipe(url.optional()),
  POSTMARK_MESSAGE_STREAM: z.string().min(1).default("outbound"),
  TISKET_ADMIN_TOKEN: optional.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  GOOGLE_CLIENT_IDS: optional.transform((value) =>
    (value ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  ),
  GOOGLE_JWKS_URL: url.default("https://www.googleapis.com/oauth2/v3/certs"),
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_JWKS_URL: url.default("https://login.microsoftonline.com/common/discovery/v2.0/keys"),
  RATE_LIMIT_PER_MINUTE: positiveInt(100),
  ACK_LIMIT_PER_HOUR: positiveInt(5),
  NEON_WS_PROXY: optional,
  OUTLOOK_ADDIN_DIR: z.string().min(1).default("./outlook-addin/dist"),
  // bounded time: a stalled database answers 503 within about 10 s, /healthz within 2 s
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(8000),
  // single statements share this many pipelined connections per instance (pg driver)
  DATABASE_PIPELINES: positiveInt(2),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(5000),
  DATABASE_POOL_TIMEOUT_MS: positiveInt(5000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt(10_000),
  HEALTHZ_TIMEOUT_MS: positiveInt(2000),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(120_000),
  // webhook bodies of 1 MB and more read and filed at once, in MB: bounds the memory of large mail
  WEBHOOK_BODY_BUDGET_MB: positiveInt(120),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; a wrong value names its variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return checkPairs(result.data);
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
}

function checkPairs(config: Config): Config {
  if (Boolean(config.WEBHOOK_USERNAME) !== Boolean(config.WEBHOOK_PASSWORD)) {
    throw new ConfigError(
      "Invalid configuration:\n  WEBHOOK_PASSWORD: set both WEBHOOK_USERNAME and WEBHOOK_PASSWORD, or neither",
    );
  }
  const embedded = !config.DATABASE_URL || config.DATABASE_URL.startsWith("memory://");
  if (!embedded && !config.SECRET_KEY) {
    throw new ConfigError("Invalid configuration:\n  SECRET_KEY: required with a Postgres DATABASE_URL");
  }
  if (!embedded && !config.WEBHOOK_USERNAME) {
    throw new ConfigError(
      "Invalid configuration:\n  WEBHOOK_USERNAME: required with a Postgres DATABASE_URL (with WEBHOOK_PASSWORD)",
    );
  }
  return config;
}

/** A configuration for tests and tools: defaults plus what the caller overrides. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ DATABASE_URL: "memory://", SECRET_KEY: "x".repeat(32), ...overrides });
}
