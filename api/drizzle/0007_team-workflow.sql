CREATE TABLE "saved_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "thread_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_id" uuid,
	"author_email" text NOT NULL,
	"body" text NOT NULL,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "inboxes" ADD COLUMN "first_response_minutes" integer;--> statement-breakpoint
ALTER TABLE "inboxes" ADD COLUMN "resolution_minutes" integer;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_client_message_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "first_response_by" uuid;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "sla_due_at" timestamp with time zone GENERATED ALWAYS AS (least(
      case when first_response_at is null and status in ('open', 'in_progress') then first_response_due_at end,
      case when status in ('open', 'in_progress') then resolution_due_at end)) STORED;--> statement-breakpoint
ALTER TABLE "saved_replies" ADD CONSTRAINT "saved_replies_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_replies" ADD CONSTRAINT "saved_replies_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_notes" ADD CONSTRAINT "thread_notes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_notes" ADD CONSTRAINT "thread_notes_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_notes" ADD CONSTRAINT "thread_notes_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_replies_org_name_uq" ON "saved_replies" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "thread_notes_thread_idx" ON "thread_notes" USING btree ("thread_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_members_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_first_response_by_members_id_fk" FOREIGN KEY ("first_response_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_resolved_by_members_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_org_actor_idx" ON "audit_log" USING btree ("org_id","actor","id");--> statement-breakpoint
CREATE INDEX "audit_log_org_kind_idx" ON "audit_log" USING btree ("org_id","kind","id");--> statement-breakpoint
CREATE INDEX "threads_org_sla_activity_idx" ON "threads" USING btree ("org_id","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"sla_due_at") WHERE "threads"."sla_due_at" is not null;--> statement-breakpoint
CREATE INDEX "threads_tags_idx" ON "threads" USING gin ("tags") WHERE "threads"."tags" <> '{}'::text[];--> statement-breakpoint
CREATE INDEX "threads_org_created_idx" ON "threads" USING btree ("org_id","created_at","inbox_id");--> statement-breakpoint
CREATE INDEX "threads_org_first_response_idx" ON "threads" USING btree ("org_id","first_response_at","first_client_message_at","inbox_id") WHERE "threads"."first_response_at" is not null;--> statement-breakpoint
CREATE INDEX "threads_org_resolved_idx" ON "threads" USING btree ("org_id","resolved_at","first_client_message_at","inbox_id") WHERE "threads"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "threads_org_first_response_due_idx" ON "threads" USING btree ("org_id","first_response_due_at","first_response_at","resolved_at","inbox_id") WHERE "threads"."first_response_due_at" is not null;--> statement-breakpoint
CREATE INDEX "threads_org_resolution_due_idx" ON "threads" USING btree ("org_id","resolution_due_at","resolved_at","inbox_id") WHERE "threads"."resolution_due_at" is not null;--> statement-breakpoint
CREATE INDEX "threads_org_open_idx" ON "threads" USING btree ("org_id","inbox_id") WHERE "threads"."status" in ('open', 'in_progress');--> statement-breakpoint
ALTER TABLE "inboxes" ADD CONSTRAINT "inboxes_first_response_minutes_ck" CHECK ("inboxes"."first_response_minutes" > 0);--> statement-breakpoint
ALTER TABLE "inboxes" ADD CONSTRAINT "inboxes_resolution_minutes_ck" CHECK ("inboxes"."resolution_minutes" > 0);--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_priority_ck" CHECK ("threads"."priority" in ('low', 'normal', 'high', 'urgent'));--> statement-breakpoint
ALTER TABLE "threads" ADD CONSTRAINT "threads_tags_count_ck" CHECK (cardinality("threads"."tags") <= 20);