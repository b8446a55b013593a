CREATE TABLE "callback_samples" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"requested_size" integer,
	"requested_percent" integer,
	"candidate_count" integer NOT NULL,
	"candidate_hash" text NOT NULL,
	"sample_size" integer NOT NULL,
	"seed" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "callback_samples_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "callback_samples_size_ok" CHECK ("callback_samples"."sample_size" >= 0 AND "callback_samples"."sample_size" <= "callback_samples"."candidate_count")
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"sample_id" uuid NOT NULL,
	"draw_order" integer NOT NULL,
	"org_id" integer NOT NULL,
	"relief_case_id" uuid NOT NULL,
	"case_no" text NOT NULL,
	"payout_id" text NOT NULL,
	"payout_no" text,
	"person_id" uuid,
	"recipient_name" text NOT NULL,
	"phone_masked" text,
	"paid_fen" bigint NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"result" text,
	"reported_fen" bigint,
	"note" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"called_at" timestamp with time zone,
	"called_by" text,
	"grievance_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "callback_tasks_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_suspects" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"match_kind" text NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"case_a_id" uuid NOT NULL,
	"case_a_no" text NOT NULL,
	"case_a_org_id" integer NOT NULL,
	"case_b_id" uuid NOT NULL,
	"case_b_no" text NOT NULL,
	"case_b_org_id" integer NOT NULL,
	"status" text NOT NULL,
	"resolution" text,
	"note" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "duplicate_suspects_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "grievance_events" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"grievance_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"is_public" boolean NOT NULL,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "grievance_events_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "grievance_job_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"last_id" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grievances" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"grievance_no" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_ref" text,
	"subject_id" text,
	"relief_case_id" uuid,
	"org_id" integer NOT NULL,
	"is_anonymous" boolean NOT NULL,
	"complainant_name" text,
	"phone_enc" text,
	"phone_masked" text,
	"content" text NOT NULL,
	"lookup_code_hash" text,
	"status" text NOT NULL,
	"outcome" text,
	"reply" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"due_on" date NOT NULL,
	"overdue_at" timestamp with time zone,
	"accepted_by" text,
	"accepted_at" timestamp with time zone,
	"concluded_by" text,
	"concluded_at" timestamp with time zone,
	"callback_task_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "grievances_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "mutualaid_contributions" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"contribution_no" text NOT NULL,
	"fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"source_kind" text NOT NULL,
	"contributor_name" text,
	"contributor_display" text NOT NULL,
	"contributor_salt_enc" text,
	"contributor_commitment" text,
	"amount_fen" bigint NOT NULL,
	"rule_id" integer,
	"sales_fen" bigint,
	"rate_bp" integer,
	"period_from" date,
	"period_to" date,
	"evidence_file_id" uuid,
	"note" text,
	"received_on" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"ledger_index" bigint NOT NULL,
	CONSTRAINT "mutualaid_contributions_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "mutualaid_contributions_amount_positive" CHECK ("mutualaid_contributions"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "mutualaid_funds" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"max_grant_fen" bigint NOT NULL,
	"max_loan_fen" bigint NOT NULL,
	"loan_term_months" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_funds_limits_positive" CHECK ("mutualaid_funds"."max_grant_fen" > 0 AND "mutualaid_funds"."max_loan_fen" > 0),
	CONSTRAINT "mutualaid_funds_term_range" CHECK ("mutualaid_funds"."loan_term_months" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE TABLE "mutualaid_grants" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"grant_no" text NOT NULL,
	"fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"origin" text NOT NULL,
	"case_ref" text,
	"person_id" uuid,
	"payee_name" text NOT NULL,
	"payee_display" text NOT NULL,
	"payee_salt_enc" text NOT NULL,
	"payee_commitment" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"purpose" text NOT NULL,
	"reason" text,
	"evidence_file_id" uuid,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"ledger_index" bigint,
	CONSTRAINT "mutualaid_grants_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "mutualaid_grants_amount_positive" CHECK ("mutualaid_grants"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "mutualaid_instalments" (
	"region_id" integer NOT NULL,
	"loan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_on" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"overdue_at" timestamp with time zone,
	CONSTRAINT "mutualaid_instalments_pkey" PRIMARY KEY("region_id","loan_id","seq"),
	CONSTRAINT "mutualaid_instalments_paid_range" CHECK ("mutualaid_instalments"."paid_fen" >= 0 AND "mutualaid_instalments"."paid_fen" <= "mutualaid_instalments"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "mutualaid_loans" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"loan_no" text NOT NULL,
	"fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"borrower_name" text NOT NULL,
	"borrower_display" text NOT NULL,
	"borrower_salt_enc" text NOT NULL,
	"borrower_commitment" text NOT NULL,
	"contact_phone_enc" text,
	"contact_phone_masked" text,
	"amount_fen" bigint NOT NULL,
	"purpose" text NOT NULL,
	"agreement_file_id" uuid NOT NULL,
	"term_months" integer NOT NULL,
	"schedule_kind" text NOT NULL,
	"disbursed_on" date NOT NULL,
	"status" text NOT NULL,
	"closed_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"ledger_index" bigint NOT NULL,
	CONSTRAINT "mutualaid_loans_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "mutualaid_loans_amount_positive" CHECK ("mutualaid_loans"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "mutualaid_repayments" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"repayment_no" text NOT NULL,
	"loan_id" uuid NOT NULL,
	"fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"allocations" jsonb NOT NULL,
	"paid_on" date NOT NULL,
	"note" text,
	"evidence_file_id" uuid,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"ledger_index" bigint NOT NULL,
	CONSTRAINT "mutualaid_repayments_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "mutualaid_repayments_amount_positive" CHECK ("mutualaid_repayments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "mutualaid_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"fund_id" integer NOT NULL,
	"name" text NOT NULL,
	"partner" text NOT NULL,
	"rate_bp" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_rules_rate_range" CHECK ("mutualaid_rules"."rate_bp" BETWEEN 1 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "relief_batch_imports" (
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
CREATE TABLE "relief_batches" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"batch_no" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"org_id" integer NOT NULL,
	"cause_category" text NOT NULL,
	"import_id" uuid,
	"status" text NOT NULL,
	"case_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"largest_fen" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "relief_batches_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "relief_case_events" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"actor_id" text,
	"org_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_case_events_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "relief_cases" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"case_no" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"applicant_name" text NOT NULL,
	"id_number_masked" text,
	"household_size" integer NOT NULL,
	"cause_category" text NOT NULL,
	"cause_text" text NOT NULL,
	"requested_fen" bigint NOT NULL,
	"recommended_fen" bigint,
	"approved_fen" bigint,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"filed_via" text NOT NULL,
	"filed_by" text NOT NULL,
	"public_account_id" uuid,
	"batch_id" uuid,
	"service_request_id" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"decision_due_at" timestamp with time zone NOT NULL,
	"verified_by" text,
	"verified_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"approved_by" text,
	"approval_level" text,
	"override_note" text,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"approval_file_id" uuid,
	"notice_starts_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"paid_fen" bigint,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_cases_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "relief_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"bands" jsonb NOT NULL,
	"materials" jsonb NOT NULL,
	"exclusions" jsonb NOT NULL,
	"is_same_cause_once" boolean NOT NULL,
	"annual_cap_fen" bigint,
	"decision_working_days" integer NOT NULL,
	"notice_days" integer NOT NULL,
	"is_name_shown" boolean DEFAULT false NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relief_objections" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"objection_no" text NOT NULL,
	"case_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"text" text NOT NULL,
	"objector_name" text,
	"phone_enc" text,
	"phone_masked" text,
	"status" text NOT NULL,
	"case_action" text,
	"resolution_note" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_objections_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "relief_payouts" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"fund_source" text NOT NULL,
	"fund_id" integer NOT NULL,
	"payout_ref" text NOT NULL,
	"payout_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"ledger_index" bigint,
	CONSTRAINT "relief_payouts_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "relief_visits" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"visited_on" date NOT NULL,
	"visitors" text NOT NULL,
	"findings" text NOT NULL,
	"photo_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exclusions_confirmed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relief_visits_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"category_code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text NOT NULL,
	"description_en" text NOT NULL,
	"materials" jsonb NOT NULL,
	"form_fields" jsonb NOT NULL,
	"handling_level" text NOT NULL,
	"time_limit_days" integer NOT NULL,
	"needs_public_notice" boolean NOT NULL,
	"fulfilled_by" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_items_limit_positive" CHECK ("service_items"."time_limit_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "service_request_events" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"is_public" boolean NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"actor_name" text,
	"org_id" integer,
	"dedupe_key" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_request_events_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"request_no" text NOT NULL,
	"item_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"filed_at_org_id" integer NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"applicant_name" text NOT NULL,
	"applicant_phone_enc" text NOT NULL,
	"applicant_phone_hash" text NOT NULL,
	"applicant_phone_masked" text NOT NULL,
	"applicant_account_id" uuid,
	"person_id" uuid,
	"form" jsonb NOT NULL,
	"files" jsonb NOT NULL,
	"subject_kind" text,
	"subject_id" text,
	"submitted_on" date NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"accept_due_on" date,
	"accepted_at" timestamp with time zone,
	"due_on" date,
	"deadline_on" date,
	"concluded_at" timestamp with time zone,
	"handling_days" integer,
	"is_on_time" boolean,
	"stars" smallint,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_requests_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "service_requests_stars" CHECK ("service_requests"."stars" IS NULL OR "service_requests"."stars" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "service_stats_rollup" (
	"region_id" integer NOT NULL,
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"item_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"withdrawn" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"concluded_on_time" integer DEFAULT 0 NOT NULL,
	"handling_days_sum" bigint DEFAULT 0 NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	"stars_sum" bigint DEFAULT 0 NOT NULL,
	"good_ratings" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "service_stats_rollup_pkey" PRIMARY KEY("region_id","grain","period","item_id","org_id"),
	CONSTRAINT "service_stats_rollup_grain" CHECK ("service_stats_rollup"."grain" IN ('day', 'month'))
);
--> statement-breakpoint
CREATE TABLE "working_calendar_days" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "working_calendar_days_kind" CHECK ("working_calendar_days"."kind" IN ('holiday', 'workday'))
);
--> statement-breakpoint
ALTER TABLE "stored_files" ADD COLUMN "read_permission" text;--> statement-breakpoint
CREATE INDEX "callback_samples_id_idx" ON "callback_samples" USING btree ("id");--> statement-breakpoint
CREATE INDEX "callback_samples_org_idx" ON "callback_samples" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_sample_payout_key" ON "callback_tasks" USING btree ("region_id","sample_id","payout_id");--> statement-breakpoint
CREATE INDEX "callback_tasks_id_idx" ON "callback_tasks" USING btree ("id");--> statement-breakpoint
CREATE INDEX "callback_tasks_sample_idx" ON "callback_tasks" USING btree ("sample_id","draw_order");--> statement-breakpoint
CREATE INDEX "callback_tasks_org_idx" ON "callback_tasks" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_suspects_key" ON "duplicate_suspects" USING btree ("region_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "duplicate_suspects_id_idx" ON "duplicate_suspects" USING btree ("id");--> statement-breakpoint
CREATE INDEX "duplicate_suspects_org_idx" ON "duplicate_suspects" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "duplicate_suspects_case_a_idx" ON "duplicate_suspects" USING btree ("case_a_id");--> statement-breakpoint
CREATE INDEX "duplicate_suspects_case_b_idx" ON "duplicate_suspects" USING btree ("case_b_id");--> statement-breakpoint
CREATE INDEX "grievance_events_grievance_idx" ON "grievance_events" USING btree ("grievance_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "grievances_no_key" ON "grievances" USING btree ("region_id","grievance_no");--> statement-breakpoint
CREATE INDEX "grievances_no_idx" ON "grievances" USING btree ("grievance_no");--> statement-breakpoint
CREATE INDEX "grievances_id_idx" ON "grievances" USING btree ("id");--> statement-breakpoint
CREATE INDEX "grievances_org_idx" ON "grievances" USING btree ("org_id","status","due_on");--> statement-breakpoint
CREATE INDEX "grievances_case_idx" ON "grievances" USING btree ("relief_case_id") WHERE "grievances"."relief_case_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "grievances_open_due_idx" ON "grievances" USING btree ("due_on") WHERE "grievances"."status" <> 'concluded' AND "grievances"."overdue_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_contributions_no_key" ON "mutualaid_contributions" USING btree ("region_id","contribution_no");--> statement-breakpoint
CREATE INDEX "mutualaid_contributions_fund_idx" ON "mutualaid_contributions" USING btree ("fund_id","received_on");--> statement-breakpoint
CREATE INDEX "mutualaid_contributions_rule_idx" ON "mutualaid_contributions" USING btree ("rule_id","period_from");--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_funds_code_key" ON "mutualaid_funds" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_funds_active_org_key" ON "mutualaid_funds" USING btree ("org_id") WHERE "mutualaid_funds"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_grants_no_key" ON "mutualaid_grants" USING btree ("region_id","grant_no");--> statement-breakpoint
CREATE INDEX "mutualaid_grants_id_idx" ON "mutualaid_grants" USING btree ("id");--> statement-breakpoint
CREATE INDEX "mutualaid_grants_fund_idx" ON "mutualaid_grants" USING btree ("fund_id","requested_at");--> statement-breakpoint
CREATE INDEX "mutualaid_instalments_due_idx" ON "mutualaid_instalments" USING btree ("due_on") WHERE "mutualaid_instalments"."paid_fen" < "mutualaid_instalments"."amount_fen";--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_loans_no_key" ON "mutualaid_loans" USING btree ("region_id","loan_no");--> statement-breakpoint
CREATE INDEX "mutualaid_loans_id_idx" ON "mutualaid_loans" USING btree ("id");--> statement-breakpoint
CREATE INDEX "mutualaid_loans_fund_idx" ON "mutualaid_loans" USING btree ("fund_id","disbursed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_repayments_no_key" ON "mutualaid_repayments" USING btree ("region_id","repayment_no");--> statement-breakpoint
CREATE INDEX "mutualaid_repayments_loan_idx" ON "mutualaid_repayments" USING btree ("loan_id","paid_on");--> statement-breakpoint
CREATE INDEX "mutualaid_repayments_fund_idx" ON "mutualaid_repayments" USING btree ("fund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_rules_fund_name_key" ON "mutualaid_rules" USING btree ("fund_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_batches_no_key" ON "relief_batches" USING btree ("region_id","batch_no");--> statement-breakpoint
CREATE INDEX "relief_batches_id_idx" ON "relief_batches" USING btree ("id");--> statement-breakpoint
CREATE INDEX "relief_batches_import_idx" ON "relief_batches" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "relief_batches_org_idx" ON "relief_batches" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "relief_case_events_case_idx" ON "relief_case_events" USING btree ("case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_cases_no_key" ON "relief_cases" USING btree ("region_id","case_no");--> statement-breakpoint
CREATE INDEX "relief_cases_id_idx" ON "relief_cases" USING btree ("id");--> statement-breakpoint
CREATE INDEX "relief_cases_no_idx" ON "relief_cases" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "relief_cases_person_idx" ON "relief_cases" USING btree ("person_id","submitted_at");--> statement-breakpoint
CREATE INDEX "relief_cases_org_idx" ON "relief_cases" USING btree ("org_id","status","decision_due_at");--> statement-breakpoint
CREATE INDEX "relief_cases_batch_idx" ON "relief_cases" USING btree ("batch_id") WHERE "relief_cases"."batch_id" is not null;--> statement-breakpoint
CREATE INDEX "relief_cases_account_idx" ON "relief_cases" USING btree ("public_account_id") WHERE "relief_cases"."public_account_id" is not null;--> statement-breakpoint
CREATE INDEX "relief_cases_notice_idx" ON "relief_cases" USING btree ("notice_ends_at") WHERE "relief_cases"."status" = 'on_notice';--> statement-breakpoint
CREATE UNIQUE INDEX "relief_objections_no_key" ON "relief_objections" USING btree ("region_id","objection_no");--> statement-breakpoint
CREATE INDEX "relief_objections_case_idx" ON "relief_objections" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "relief_objections_open_idx" ON "relief_objections" USING btree ("org_id","created_at") WHERE "relief_objections"."status" = 'open';--> statement-breakpoint
CREATE INDEX "relief_payouts_case_idx" ON "relief_payouts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "relief_payouts_ref_idx" ON "relief_payouts" USING btree ("fund_source","payout_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "relief_payouts_live_key" ON "relief_payouts" USING btree ("region_id","case_id") WHERE "relief_payouts"."status" <> 'rejected';--> statement-breakpoint
CREATE INDEX "relief_visits_case_idx" ON "relief_visits" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_code_key" ON "service_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "service_items_category_idx" ON "service_items" USING btree ("category_code","sort_order");--> statement-breakpoint
CREATE INDEX "service_request_events_request_idx" ON "service_request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "service_request_events_dedupe_key" ON "service_request_events" USING btree ("region_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "service_requests_no_key" ON "service_requests" USING btree ("region_id","request_no");--> statement-breakpoint
CREATE INDEX "service_requests_id_idx" ON "service_requests" USING btree ("id");--> statement-breakpoint
CREATE INDEX "service_requests_no_idx" ON "service_requests" USING btree ("request_no");--> statement-breakpoint
CREATE INDEX "service_requests_queue_idx" ON "service_requests" USING btree ("org_id","deadline_on","id") WHERE "service_requests"."status" IN ('submitted', 'accepted', 'in_progress');--> statement-breakpoint
CREATE INDEX "service_requests_org_idx" ON "service_requests" USING btree ("org_id","submitted_on");--> statement-breakpoint
CREATE INDEX "service_requests_filed_at_idx" ON "service_requests" USING btree ("filed_at_org_id","submitted_on");--> statement-breakpoint
CREATE INDEX "service_requests_phone_idx" ON "service_requests" USING btree ("applicant_phone_hash","submitted_at");--> statement-breakpoint
CREATE INDEX "service_requests_subject_idx" ON "service_requests" USING btree ("subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "service_requests_deadline_idx" ON "service_requests" USING btree ("deadline_on","id") WHERE "service_requests"."status" IN ('submitted', 'accepted', 'in_progress');--> statement-breakpoint
CREATE INDEX "service_stats_rollup_region_totals_idx" ON "service_stats_rollup" USING btree ("grain","period","region_id") WHERE "service_stats_rollup"."org_id" = 0;