CREATE TABLE "kpi_fact_keys" (
	"region_id" integer NOT NULL,
	"indicator" text NOT NULL,
	"org_id" integer NOT NULL,
	"month" date NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "kpi_fact_keys_pkey" PRIMARY KEY("region_id","indicator","org_id","month","key")
);
--> statement-breakpoint
CREATE TABLE "kpi_facts" (
	"region_id" integer NOT NULL,
	"indicator" text NOT NULL,
	"org_id" integer NOT NULL,
	"month" date NOT NULL,
	"value" double precision NOT NULL,
	"den" double precision,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_facts_pkey" PRIMARY KEY("region_id","indicator","org_id","month")
);
--> statement-breakpoint
CREATE TABLE "kpi_indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"group_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"unit_zh" text NOT NULL,
	"unit_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"period_kind" text NOT NULL,
	"rollup" text NOT NULL,
	"scale" double precision DEFAULT 1 NOT NULL,
	"decimals" integer DEFAULT 0 NOT NULL,
	"higher_is_better" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_indicators_source" CHECK ("kpi_indicators"."source" IN ('computed', 'manual')),
	CONSTRAINT "kpi_indicators_period_kind" CHECK ("kpi_indicators"."period_kind" IN ('flow', 'stock')),
	CONSTRAINT "kpi_indicators_rollup" CHECK ("kpi_indicators"."rollup" IN ('sum', 'ratio', 'per_population', 'distinct'))
);
--> statement-breakpoint
CREATE TABLE "kpi_refresh_state" (
	"indicator" text PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"from_month" date NOT NULL,
	"to_month" date NOT NULL,
	"duration_ms" integer NOT NULL,
	"rows" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_rollups" (
	"region_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"indicator" text NOT NULL,
	"month_value" double precision NOT NULL,
	"month_den" double precision,
	"ytd_value" double precision NOT NULL,
	"ytd_den" double precision,
	"manual" boolean DEFAULT false NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_rollups_pkey" PRIMARY KEY("region_id","org_id","year","indicator","month"),
	CONSTRAINT "kpi_rollups_month" CHECK ("kpi_rollups"."month" BETWEEN 1 AND 12)
);
--> statement-breakpoint
CREATE TABLE "kpi_report_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscription_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"format" text NOT NULL,
	"xlsx_file_id" uuid,
	"pdf_file_id" uuid,
	"recipients" jsonb NOT NULL,
	"messages_queued" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_report_runs_month" CHECK ("kpi_report_runs"."month" BETWEEN 1 AND 12)
);
--> statement-breakpoint
CREATE TABLE "kpi_report_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"format" text NOT NULL,
	"depth" smallint DEFAULT 2 NOT NULL,
	"recipients" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "kpi_report_subscriptions_format" CHECK ("kpi_report_subscriptions"."format" IN ('xlsx', 'pdf', 'both')),
	CONSTRAINT "kpi_report_subscriptions_depth" CHECK ("kpi_report_subscriptions"."depth" BETWEEN 1 AND 3)
);
--> statement-breakpoint
CREATE TABLE "kpi_manual_figures" (
	"region_id" integer NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"org_id" integer NOT NULL,
	"indicator" text NOT NULL,
	"month" date NOT NULL,
	"value" double precision NOT NULL,
	"evidence_file_id" uuid,
	"evidence_note" text NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_void" boolean DEFAULT false NOT NULL,
	"void_reason" text,
	"voided_by" text,
	"voided_at" timestamp with time zone,
	"replaced_by_id" uuid,
	CONSTRAINT "kpi_manual_figures_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "kpi_manual_figures_value" CHECK ("kpi_manual_figures"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_target_changes" (
	"region_id" integer NOT NULL,
	"id" serial NOT NULL,
	"target_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"from_value" double precision NOT NULL,
	"from_monthly" jsonb,
	"to_value" double precision NOT NULL,
	"to_monthly" jsonb,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "kpi_target_changes_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "kpi_target_changes_status" CHECK ("kpi_target_changes"."status" IN ('pending', 'approved', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"region_id" integer NOT NULL,
	"id" serial NOT NULL,
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"indicator" text NOT NULL,
	"value" double precision NOT NULL,
	"monthly" jsonb,
	"status" text DEFAULT 'draft' NOT NULL,
	"split_from_org_id" integer,
	"note" text,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"excess_approved_by" text,
	"excess_approved_at" timestamp with time zone,
	CONSTRAINT "kpi_targets_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "kpi_targets_status" CHECK ("kpi_targets"."status" IN ('draft', 'approved')),
	CONSTRAINT "kpi_targets_value" CHECK ("kpi_targets"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "kpi_annual_disclosures" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"report_year" smallint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"file_id" uuid,
	"published_at" timestamp with time zone NOT NULL,
	"corrects_id" uuid,
	"note" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_annual_disclosures_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "kpi_annual_disclosures_kind" CHECK ("kpi_annual_disclosures"."kind" IN ('annual_report', 'audit_result')),
	CONSTRAINT "kpi_annual_disclosures_where" CHECK ("kpi_annual_disclosures"."url" IS NOT NULL OR "kpi_annual_disclosures"."file_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "org_successions" (
	"id" serial PRIMARY KEY NOT NULL,
	"predecessor_id" integer NOT NULL,
	"successor_id" integer NOT NULL,
	"effective_on" date NOT NULL,
	"kind" text DEFAULT 'merge' NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_successions_kind" CHECK ("org_successions"."kind" IN ('merge')),
	CONSTRAINT "org_successions_distinct" CHECK ("org_successions"."predecessor_id" <> "org_successions"."successor_id")
);
--> statement-breakpoint
CREATE INDEX "kpi_fact_keys_month_idx" ON "kpi_fact_keys" USING btree ("indicator","month");--> statement-breakpoint
CREATE INDEX "kpi_fact_keys_key_idx" ON "kpi_fact_keys" USING btree ("indicator","key");--> statement-breakpoint
CREATE INDEX "kpi_facts_month_idx" ON "kpi_facts" USING btree ("month","indicator");--> statement-breakpoint
CREATE INDEX "kpi_rollups_org_year_idx" ON "kpi_rollups" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "kpi_rollups_indicator_year_idx" ON "kpi_rollups" USING btree ("indicator","year","month");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_report_runs_once" ON "kpi_report_runs" USING btree ("subscription_id","year","month");--> statement-breakpoint
CREATE INDEX "kpi_report_runs_org_idx" ON "kpi_report_runs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "kpi_report_subscriptions_org_idx" ON "kpi_report_subscriptions" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_manual_figures_unit_month_key" ON "kpi_manual_figures" USING btree ("region_id","org_id","indicator","month") WHERE NOT "kpi_manual_figures"."is_void";--> statement-breakpoint
CREATE INDEX "kpi_target_changes_target_idx" ON "kpi_target_changes" USING btree ("region_id","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_targets_unit_year_indicator_key" ON "kpi_targets" USING btree ("region_id","org_id","year","indicator");--> statement-breakpoint
CREATE INDEX "kpi_targets_year_idx" ON "kpi_targets" USING btree ("year","indicator");--> statement-breakpoint
CREATE INDEX "kpi_annual_disclosures_org_idx" ON "kpi_annual_disclosures" USING btree ("org_id","report_year");--> statement-breakpoint
CREATE INDEX "kpi_annual_disclosures_year_idx" ON "kpi_annual_disclosures" USING btree ("report_year","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "org_successions_predecessor_key" ON "org_successions" USING btree ("predecessor_id");--> statement-breakpoint
CREATE INDEX "org_successions_successor_idx" ON "org_successions" USING btree ("successor_id");