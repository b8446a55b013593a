CREATE TABLE "training_enrol_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "donation_orders" ADD COLUMN "provider_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_certificates" ADD COLUMN "revoke_category" text;--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "phone_enc" text;--> statement-breakpoint
CREATE INDEX "donation_orders_unchecked_idx" ON "donation_orders" USING btree ("expires_at") WHERE "donation_orders"."status" = 'expired' AND "donation_orders"."provider_checked_at" IS NULL AND "donation_orders"."channel" <> 'local';