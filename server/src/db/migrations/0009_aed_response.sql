CREATE TABLE "aed_code_counters" (
	"prefix" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aed_guardians" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aed_guardians_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "aed_imports" (
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
CREATE TABLE "aed_inspections" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	"inspector" text NOT NULL,
	"items" jsonb NOT NULL,
	"result" text NOT NULL,
	"photo_file_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aed_inspections_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aed_inspections_result_check" CHECK ("aed_inspections"."result" in ('pass', 'fail'))
);
--> statement-breakpoint
CREATE TABLE "aed_key_places" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"footfall" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aed_key_places_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aed_key_places_lat_check" CHECK ("aed_key_places"."lat" between -90 and 90 and "aed_key_places"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "aed_reports" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"task_id" uuid,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aed_reports_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aed_reports_kind_check" CHECK ("aed_reports"."kind" in ('missing', 'damaged', 'inaccessible', 'expired', 'other'))
);
--> statement-breakpoint
CREATE TABLE "aed_self_tests" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"tested_at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aed_self_tests_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "aed_tasks" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"due_on" date NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"source_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_note" text,
	CONSTRAINT "aed_tasks_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aed_tasks_status_check" CHECK ("aed_tasks"."status" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "aed_usages" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"aed_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	"shocks_delivered" integer NOT NULL,
	"outcome" text NOT NULL,
	"emergency_id" uuid,
	"reporter" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pads_confirmed_at" timestamp with time zone,
	"pads_confirmed_by" text,
	CONSTRAINT "aed_usages_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aed_usages_shocks_check" CHECK ("aed_usages"."shocks_delivered" >= 0)
);
--> statement-breakpoint
CREATE TABLE "aeds" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"brand" text NOT NULL,
	"model" text NOT NULL,
	"serial_no" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"address" text NOT NULL,
	"building" text DEFAULT '' NOT NULL,
	"floor" text DEFAULT '' NOT NULL,
	"spot" text DEFAULT '' NOT NULL,
	"photo_file_id" uuid,
	"access_notes" text DEFAULT '' NOT NULL,
	"key_holder" text DEFAULT '' NOT NULL,
	"is_24h" boolean DEFAULT false NOT NULL,
	"open_hours" integer[] NOT NULL,
	"open_hours_text" text DEFAULT '' NOT NULL,
	"installed_on" date,
	"battery_expires_on" date,
	"pads_expires_on" date,
	"status" text NOT NULL,
	"status_reason" text DEFAULT '' NOT NULL,
	"status_cause" text DEFAULT 'manual' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_inspected_at" timestamp with time zone,
	"inspection_interval_days" integer DEFAULT 30 NOT NULL,
	"telemetry_key_hash" text,
	"telemetry_key_issued_at" timestamp with time zone,
	"heartbeat_interval_minutes" integer DEFAULT 60 NOT NULL,
	"last_heartbeat_at" timestamp with time zone,
	"last_self_test_at" timestamp with time zone,
	"last_self_test_ok" boolean,
	"battery_percent" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "aeds_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "aeds_status_check" CHECK ("aeds"."status" in ('ready', 'needs_service', 'out_of_service', 'removed')),
	CONSTRAINT "aeds_lat_check" CHECK ("aeds"."lat" between -90 and 90 and "aeds"."lng" between -180 and 180),
	CONSTRAINT "aeds_hours_check" CHECK (cardinality("aeds"."open_hours") = 7)
);
--> statement-breakpoint
CREATE TABLE "response_alerts" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"emergency_id" uuid NOT NULL,
	"responder_id" uuid NOT NULL,
	"responder_region_id" integer NOT NULL,
	"status" text DEFAULT 'alerted' NOT NULL,
	"role" text,
	"aed_id" uuid,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"distance_m" double precision NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	"acked_at" timestamp with time zone,
	"sms_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"fetched_aed" boolean DEFAULT false NOT NULL,
	"decline_reason" text,
	CONSTRAINT "response_alerts_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "response_dispatch_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"org_id" integer NOT NULL,
	"secret_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "response_emergencies" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"org_id" integer NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"raised_by" text NOT NULL,
	"raiser_account_id" uuid,
	"caller_phone_enc" text,
	"caller_phone_masked" text,
	"dispatch_key_id" uuid,
	"external_id" text,
	"follow_token_hash" text,
	"radius_m" integer NOT NULL,
	"alerted" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"first_accepted_at" timestamp with time zone,
	"first_arrived_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by" text,
	"outcome" jsonb,
	"aeds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"needs_care" boolean DEFAULT false NOT NULL,
	CONSTRAINT "response_emergencies_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "response_followups" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"emergency_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"responder_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answers" jsonb,
	CONSTRAINT "response_followups_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "response_positions" (
	"region_id" integer NOT NULL,
	"responder_id" uuid NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"accuracy_m" double precision,
	"fixed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_positions_pkey" PRIMARY KEY("region_id","responder_id")
);
--> statement-breakpoint
CREATE TABLE "response_responders" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"holder_name_masked" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"cert_no" text NOT NULL,
	"cert_valid_until" date NOT NULL,
	"consent_version" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"pref_sms" boolean DEFAULT true NOT NULL,
	"pref_sound" boolean DEFAULT true NOT NULL,
	"max_distance_m" integer DEFAULT 1000 NOT NULL,
	"quiet_from_min" integer,
	"quiet_to_min" integer,
	"on_call" boolean DEFAULT false NOT NULL,
	"on_call_since" timestamp with time zone,
	"off_call_reason" text,
	"connected_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "response_responders_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "response_timeline" (
	"region_id" integer NOT NULL,
	"id" bigserial NOT NULL,
	"emergency_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb,
	CONSTRAINT "response_timeline_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE INDEX "aed_guardians_aed_idx" ON "aed_guardians" USING btree ("region_id","aed_id");--> statement-breakpoint
CREATE INDEX "aed_guardians_phone_idx" ON "aed_guardians" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "aed_inspections_aed_idx" ON "aed_inspections" USING btree ("region_id","aed_id","inspected_at");--> statement-breakpoint
CREATE INDEX "aed_key_places_id_idx" ON "aed_key_places" USING btree ("id");--> statement-breakpoint
CREATE INDEX "aed_key_places_org_idx" ON "aed_key_places" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "aed_reports_aed_idx" ON "aed_reports" USING btree ("region_id","aed_id","created_at");--> statement-breakpoint
CREATE INDEX "aed_reports_org_idx" ON "aed_reports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "aed_self_tests_aed_idx" ON "aed_self_tests" USING btree ("region_id","aed_id","tested_at");--> statement-breakpoint
CREATE INDEX "aed_tasks_id_idx" ON "aed_tasks" USING btree ("id");--> statement-breakpoint
CREATE INDEX "aed_tasks_aed_idx" ON "aed_tasks" USING btree ("region_id","aed_id","created_at");--> statement-breakpoint
CREATE INDEX "aed_tasks_due_idx" ON "aed_tasks" USING btree ("org_id","due_on") WHERE "aed_tasks"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "aed_tasks_open_kind_key" ON "aed_tasks" USING btree ("region_id","aed_id","kind") WHERE "aed_tasks"."status" = 'open' and "aed_tasks"."kind" <> 'public_report';--> statement-breakpoint
CREATE INDEX "aed_usages_aed_idx" ON "aed_usages" USING btree ("region_id","aed_id","used_at");--> statement-breakpoint
CREATE UNIQUE INDEX "aeds_code_key" ON "aeds" USING btree ("region_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "aeds_serial_key" ON "aeds" USING btree ("region_id","brand","serial_no");--> statement-breakpoint
CREATE INDEX "aeds_id_idx" ON "aeds" USING btree ("id");--> statement-breakpoint
CREATE INDEX "aeds_code_idx" ON "aeds" USING btree ("code");--> statement-breakpoint
CREATE INDEX "aeds_org_idx" ON "aeds" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "aeds_ready_earth_idx" ON "aeds" USING gist (ll_to_earth("lat", "lng")) WHERE "aeds"."status" = 'ready';--> statement-breakpoint
CREATE INDEX "aeds_earth_idx" ON "aeds" USING gist (ll_to_earth("lat", "lng"));--> statement-breakpoint
CREATE UNIQUE INDEX "response_alerts_responder_key" ON "response_alerts" USING btree ("region_id","emergency_id","responder_id");--> statement-breakpoint
CREATE INDEX "response_alerts_id_idx" ON "response_alerts" USING btree ("id");--> statement-breakpoint
CREATE INDEX "response_alerts_responder_idx" ON "response_alerts" USING btree ("responder_id","alerted_at");--> statement-breakpoint
CREATE INDEX "response_dispatch_keys_org_idx" ON "response_dispatch_keys" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "response_emergencies_number_key" ON "response_emergencies" USING btree ("region_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "response_emergencies_external_key" ON "response_emergencies" USING btree ("region_id","dispatch_key_id","external_id") WHERE "response_emergencies"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "response_emergencies_id_idx" ON "response_emergencies" USING btree ("id");--> statement-breakpoint
CREATE INDEX "response_emergencies_org_idx" ON "response_emergencies" USING btree ("org_id","raised_at");--> statement-breakpoint
CREATE INDEX "response_emergencies_active_idx" ON "response_emergencies" USING btree ("raised_at") WHERE "response_emergencies"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "response_followups_token_key" ON "response_followups" USING btree ("region_id","token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "response_followups_alert_key" ON "response_followups" USING btree ("region_id","alert_id");--> statement-breakpoint
CREATE INDEX "response_followups_token_idx" ON "response_followups" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "response_followups_emergency_idx" ON "response_followups" USING btree ("region_id","emergency_id");--> statement-breakpoint
CREATE INDEX "response_positions_earth_idx" ON "response_positions" USING gist (ll_to_earth("lat", "lng"));--> statement-breakpoint
CREATE INDEX "response_positions_responder_idx" ON "response_positions" USING btree ("responder_id");--> statement-breakpoint
CREATE INDEX "response_positions_fixed_idx" ON "response_positions" USING btree ("fixed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "response_responders_account_key" ON "response_responders" USING btree ("region_id","account_id");--> statement-breakpoint
CREATE INDEX "response_responders_account_idx" ON "response_responders" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "response_responders_id_idx" ON "response_responders" USING btree ("id");--> statement-breakpoint
CREATE INDEX "response_responders_on_call_idx" ON "response_responders" USING btree ("org_id") WHERE "response_responders"."on_call";--> statement-breakpoint
CREATE INDEX "response_timeline_emergency_idx" ON "response_timeline" USING btree ("region_id","emergency_id","at");