CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"author" text NOT NULL,
	"client" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drafts_client_ck" CHECK ("drafts"."client" in ('api', 'gmail', 'outlook', 'web', 'mcp')),
	CONSTRAINT "drafts_body_size_ck" CHECK (octet_length("drafts"."body") <= 102400)
);
--> statement-breakpoint
CREATE TABLE "thread_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"ticket" text NOT NULL,
	"repo" text,
	"url" text,
	"linked_by_id" uuid,
	"linked_by" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_tickets_ticket_ck" CHECK ("thread_tickets"."ticket" ~ '^[A-Z][A-Z0-9]*-[0-9]+$')
);
--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_tickets" ADD CONSTRAINT "thread_tickets_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_tickets" ADD CONSTRAINT "thread_tickets_thread_id_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "thread_tickets" ADD CONSTRAINT "thread_tickets_linked_by_id_members_id_fk" FOREIGN KEY ("linked_by_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drafts_thread_created_idx" ON "drafts" USING btree ("thread_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "thread_tickets_thread_ticket_uq" ON "thread_tickets" USING btree ("thread_id","ticket");--> statement-breakpoint
CREATE INDEX "thread_tickets_org_ticket_idx" ON "thread_tickets" USING btree ("org_id","ticket");