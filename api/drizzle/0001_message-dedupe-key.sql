DROP INDEX "messages_org_rfc_id_uq";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_org_dedupe_uq" ON "messages" USING btree ("org_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "messages_org_rfc_id_idx" ON "messages" USING btree ("org_id","rfc_message_id");