CREATE TABLE "privacy_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_no" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"org_id" integer NOT NULL,
	"subject_id_hash" text,
	"subject_phone_hash" text,
	"subject_masked" text NOT NULL,
	"public_account_id" uuid,
	"received_on" date NOT NULL,
	"due_on" date NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_by" text,
	"completed_at" timestamp with time zone,
	"outcome" jsonb,
	CONSTRAINT "privacy_requests_no_key" UNIQUE("request_no")
);
--> statement-breakpoint
CREATE TABLE "audit_chain" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"xid" bigint NOT NULL,
	"region_id" integer NOT NULL,
	"audit_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_chain_audit_row_key" UNIQUE("region_id","audit_id")
);
--> statement-breakpoint
CREATE TABLE "audit_chain_heads" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	"is_intact" boolean NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pii_rotations" (
	"to_key_id" text NOT NULL,
	"table_name" text NOT NULL,
	"from_key_ids" text NOT NULL,
	"cursor" jsonb,
	"rows_done" bigint DEFAULT 0 NOT NULL,
	"rows_changed" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "pii_rotations_to_key_id_table_name_pk" PRIMARY KEY("to_key_id","table_name")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "xid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
CREATE INDEX "privacy_requests_org_idx" ON "privacy_requests" USING btree ("org_id","status","due_on");--> statement-breakpoint
CREATE INDEX "privacy_requests_id_hash_idx" ON "privacy_requests" USING btree ("subject_id_hash");--> statement-breakpoint
CREATE INDEX "privacy_requests_phone_hash_idx" ON "privacy_requests" USING btree ("subject_phone_hash");--> statement-breakpoint
CREATE INDEX "audit_log_chain_order_idx" ON "audit_log" USING btree ("xid","region_id","id");