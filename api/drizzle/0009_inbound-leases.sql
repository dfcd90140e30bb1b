ALTER TABLE "inbound_emails" ADD COLUMN "raw_bytes" "bytea";--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD COLUMN "lease_until" timestamp with time zone DEFAULT now() + interval '30 seconds' NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_emails_due_idx" ON "inbound_emails" USING btree ("lease_until") WHERE "inbound_emails"."status" = 'received';