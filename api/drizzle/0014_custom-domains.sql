CREATE TABLE "custom_domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"postmark_id" bigint NOT NULL,
	"dkim_host" text NOT NULL,
	"dkim_text_value" text NOT NULL,
	"return_path_domain" text NOT NULL,
	"return_path_cname_value" text NOT NULL,
	"dkim_verified" boolean DEFAULT false NOT NULL,
	"return_path_verified" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_at" timestamp with time zone,
	CONSTRAINT "custom_domains_name_ck" CHECK ("custom_domains"."name" = lower("custom_domains"."name") and length("custom_domains"."name") <= 253)
);
--> statement-breakpoint
ALTER TABLE "custom_domains" ADD CONSTRAINT "custom_domains_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "custom_domains_org_name_uq" ON "custom_domains" USING btree ("org_id","name");