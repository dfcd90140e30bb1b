ALTER TABLE "audit_log" ADD COLUMN "client" text;--> statement-breakpoint
ALTER TABLE "thread_history" ADD COLUMN "client" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_client_ck" CHECK ("audit_log"."client" in ('api', 'gmail', 'outlook', 'web', 'mcp'));--> statement-breakpoint
ALTER TABLE "thread_history" ADD CONSTRAINT "thread_history_client_ck" CHECK ("thread_history"."client" in ('api', 'gmail', 'outlook', 'web', 'mcp'));