CREATE TABLE "member_counters" (
	"kind" text NOT NULL,
	"prefix" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "member_counters_pkey" PRIMARY KEY("kind","prefix","year")
);
--> statement-breakpoint
CREATE TABLE "member_dues_payments" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"receipt_no" text NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer NOT NULL,
	"amount_fen" integer NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"payer_name" text NOT NULL,
	"paid_on" date NOT NULL,
	"service_request_id" uuid,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_dues_payments_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_dues_payments_amount_check" CHECK ("member_dues_payments"."amount_fen" >= 0),
	CONSTRAINT "member_dues_payments_years_check" CHECK ("member_dues_payments"."to_year" >= "member_dues_payments"."from_year"),
	CONSTRAINT "member_dues_payments_method_check" CHECK ("member_dues_payments"."method" IN ('cash', 'bank', 'online'))
);
--> statement-breakpoint
CREATE TABLE "member_dues_settings" (
	"province_org_id" integer PRIMARY KEY NOT NULL,
	"adult_fen" integer NOT NULL,
	"youth_fen" integer NOT NULL,
	"group_per_head_fen" integer NOT NULL,
	"group_min_fen" integer NOT NULL,
	"shares" jsonb NOT NULL,
	"lapse_after_years" integer NOT NULL,
	"reminder_days" integer NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_dues_shares" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"level" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"paid_on" date NOT NULL,
	CONSTRAINT "member_dues_shares_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"org_id" integer NOT NULL,
	"to_org_id" integer,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_events_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_imports" (
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
CREATE TABLE "members" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"member_no" text,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"tier" text DEFAULT 'ordinary' NOT NULL,
	"status" text NOT NULL,
	"person_id" uuid,
	"group_name" text,
	"group_uscc" text,
	"headcount" integer,
	"contact_name" text,
	"contact_phone_enc" text,
	"contact_phone_masked" text,
	"name" text DEFAULT '' NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"phone_hash" text,
	"phone_masked" text,
	"id_number_masked" text,
	"workplace" text,
	"address" text,
	"card_token" text,
	"card_version" integer DEFAULT 0 NOT NULL,
	"card_issued_at" timestamp with time zone,
	"reminded_for_year" integer,
	"account_id" uuid,
	"channel" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"joined_on" date,
	"paid_through_year" integer,
	"lapsed_at" timestamp with time zone,
	"guardian_name" text,
	"guardian_phone_enc" text,
	"guardian_phone_masked" text,
	"guardian_consent_file_id" uuid,
	"service_request_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "members_kind_check" CHECK ("members"."kind" IN ('individual', 'group')),
	CONSTRAINT "members_category_check" CHECK ("members"."category" IN ('ordinary', 'youth', 'group')),
	CONSTRAINT "members_tier_check" CHECK ("members"."tier" IN ('ordinary', 'special', 'life')),
	CONSTRAINT "members_status_check" CHECK ("members"."status" IN ('applied', 'active', 'lapsed', 'rejected', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "member_aid_kit_checks" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"checked_by" text NOT NULL,
	"is_ok" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "member_aid_kit_checks_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_aid_kit_counters" (
	"prefix" text PRIMARY KEY NOT NULL,
	"last_seq" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_aid_kit_items" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"expires_on" date,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "member_aid_kit_items_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_aid_kit_tasks" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"source_id" uuid,
	"status" text NOT NULL,
	"due_on" date NOT NULL,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"close_note" text,
	CONSTRAINT "member_aid_kit_tasks_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_aid_kit_tasks_kind_check" CHECK ("member_aid_kit_tasks"."kind" IN ('expiring', 'refill')),
	CONSTRAINT "member_aid_kit_tasks_status_check" CHECK ("member_aid_kit_tasks"."status" IN ('open', 'done'))
);
--> statement-breakpoint
CREATE TABLE "member_aid_kit_usages" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"kit_id" uuid NOT NULL,
	"used_at" timestamp with time zone NOT NULL,
	"items_used" text NOT NULL,
	"reporter" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_aid_kit_usages_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "member_aid_kits" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"model" text NOT NULL,
	"status" text NOT NULL,
	"holder_member_id" uuid,
	"holder_region_id" integer,
	"place_name" text,
	"lat" double precision,
	"lng" double precision,
	"placed_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_aid_kits_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_aid_kits_status_check" CHECK ("member_aid_kits"."status" IN ('in_stock', 'assigned', 'placed', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "member_point_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"points_cost" integer NOT NULL,
	"stock" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_point_awards_cost_check" CHECK ("member_point_awards"."points_cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "member_point_entries" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"rule_id" uuid,
	"rule_code" text NOT NULL,
	"category" text NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"year" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reverses_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_point_entries_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_point_entries_source_check" CHECK ("member_point_entries"."source" IN ('staff', 'volunteer_hours', 'training', 'donation', 'redemption', 'reversal'))
);
--> statement-breakpoint
CREATE TABLE "member_point_redemptions" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"award_id" uuid NOT NULL,
	"award_name" text NOT NULL,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"entry_id" uuid NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "member_point_redemptions_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_point_redemptions_status_check" CHECK ("member_point_redemptions"."status" IN ('requested', 'handed_over', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "member_point_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"points" integer NOT NULL,
	"trigger" text NOT NULL,
	"donation_basis" text,
	"yearly_cap" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_point_rules_category_check" CHECK ("member_point_rules"."category" IN ('basic', 'exemplary', 'spreading', 'prohibited')),
	CONSTRAINT "member_point_rules_trigger_check" CHECK ("member_point_rules"."trigger" IN ('manual', 'training_certified', 'volunteer_hours', 'donation')),
	CONSTRAINT "member_point_rules_sign_check" CHECK (("member_point_rules"."category" = 'prohibited') = ("member_point_rules"."points" < 0))
);
--> statement-breakpoint
CREATE TABLE "member_point_totals" (
	"region_id" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"points" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_point_totals_pkey" PRIMARY KEY("region_id","member_id","year")
);
--> statement-breakpoint
CREATE TABLE "member_point_unit_counts" (
	"region_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "member_point_unit_counts_pkey" PRIMARY KEY("region_id","org_id","year")
);
--> statement-breakpoint
CREATE TABLE "member_service_menu" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"audience_min" integer DEFAULT 1 NOT NULL,
	"audience_max" integer NOT NULL,
	"lead_days" integer DEFAULT 7 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_service_menu_audience_check" CHECK ("member_service_menu"."audience_min" >= 1 AND "member_service_menu"."audience_max" >= "member_service_menu"."audience_min")
);
--> statement-breakpoint
CREATE TABLE "member_service_orders" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" uuid NOT NULL,
	"menu_item_id" uuid NOT NULL,
	"service_name" text NOT NULL,
	"preferred_dates" jsonb NOT NULL,
	"place" text NOT NULL,
	"expected_audience" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"decline_reason" text,
	"scheduled_at" timestamp with time zone,
	"staff_names" text,
	"delivered_at" timestamp with time zone,
	"attendance" integer,
	"delivery_notes" text,
	"photo_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rating" integer,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_service_orders_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "member_service_orders_status_check" CHECK ("member_service_orders"."status" IN ('requested', 'accepted', 'declined', 'scheduled', 'delivered', 'cancelled')),
	CONSTRAINT "member_service_orders_rating_check" CHECK ("member_service_orders"."rating" IS NULL OR "member_service_orders"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "donor_registration_versions" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text,
	"changed_by" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "donor_registration_versions_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "donor_registrations" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reg_no" text NOT NULL,
	"check_code" text NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"channel" text NOT NULL,
	"scope" text NOT NULL,
	"items" text[] NOT NULL,
	"consent_signature" text,
	"consent_file_id" uuid,
	"consent_at" timestamp with time zone NOT NULL,
	"witnesses" jsonb NOT NULL,
	"family_contact" jsonb NOT NULL,
	"executor" jsonb,
	"institution" text,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" text,
	"withdrawal_note" text,
	"withdrawal_file_id" uuid,
	"death_on" date,
	"death_reported_at" timestamp with time zone,
	"death_reported_by" text,
	"death_evidence_file_id" uuid,
	"received_on" date,
	"received_by" text,
	"received_recorded_by" text,
	"received_evidence_file_id" uuid,
	"service_request_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "donor_registrations_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "donor_registrations_kind" CHECK ("donor_registrations"."kind" IN ('organ', 'body')),
	CONSTRAINT "donor_registrations_status" CHECK ("donor_registrations"."status" IN ('active', 'withdrawn', 'deceased', 'realised'))
);
--> statement-breakpoint
CREATE TABLE "memorial_messages" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"memorial_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"visitor_hash" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "memorial_messages_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "memorial_messages_status" CHECK ("memorial_messages"."status" IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "memorial_visitor_days" (
	"region_id" integer NOT NULL,
	"memorial_id" uuid NOT NULL,
	"day" date NOT NULL,
	"visitor_hash" text NOT NULL,
	"flowers" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "memorial_visitor_days_pkey" PRIMARY KEY("region_id","memorial_id","day","visitor_hash")
);
--> statement-breakpoint
CREATE TABLE "memorials" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"display_name" text NOT NULL,
	"is_name_shown" boolean NOT NULL,
	"consent_by" text NOT NULL,
	"consent_file_id" uuid,
	"photo_file_id" uuid,
	"birth_on" date,
	"death_on" date NOT NULL,
	"donation_kind" text NOT NULL,
	"biography" text NOT NULL,
	"family_words" text,
	"is_published" boolean DEFAULT true NOT NULL,
	"visit_count" bigint DEFAULT 0 NOT NULL,
	"flower_count" bigint DEFAULT 0 NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "memorials_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "blood_drive_donors" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"drive_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text,
	"has_contact_consent" boolean DEFAULT false NOT NULL,
	"name" text,
	"phone_enc" text,
	"phone_hash" text,
	"phone_masked" text,
	"status" text DEFAULT 'registered' NOT NULL,
	"volume_ml" integer,
	"donated_on" date,
	"is_repeat_donor" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blood_drive_donors_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "blood_drive_donors_status_chk" CHECK ("blood_drive_donors"."status" IN ('registered', 'donated', 'deferred')),
	CONSTRAINT "blood_drive_donors_volume_chk" CHECK ("blood_drive_donors"."volume_ml" IS NULL OR "blood_drive_donors"."volume_ml" IN (200, 300, 400))
);
--> statement-breakpoint
CREATE TABLE "blood_drives" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"title" text NOT NULL,
	"place" text NOT NULL,
	"held_on" date NOT NULL,
	"blood_centre" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blood_drives_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "blood_drives_status_chk" CHECK ("blood_drives"."status" IN ('planned', 'held', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "stemcell_registrations" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"registration_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text,
	"blood_type" text DEFAULT 'unknown' NOT NULL,
	"channel" text NOT NULL,
	"drive_id" uuid,
	"consent_version" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"relatives" jsonb NOT NULL,
	"health" jsonb NOT NULL,
	"status" text NOT NULL,
	"cooling_off_ends_at" timestamp with time zone,
	"confirm_by" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"check_code" text NOT NULL,
	"public_account_id" uuid,
	"service_request_id" uuid,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stemcell_registrations_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "stemcell_samples" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"barcode" text NOT NULL,
	"collected_on" date NOT NULL,
	"volume_ml" integer NOT NULL,
	"drive_id" uuid,
	"collected_by" text NOT NULL,
	"collected_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stemcell_samples_region_id_id_pk" PRIMARY KEY("region_id","id"),
	CONSTRAINT "stemcell_samples_volume_chk" CHECK ("stemcell_samples"."volume_ml" BETWEEN 5 AND 8)
);
--> statement-breakpoint
CREATE TABLE "stemcell_steps" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"step" text NOT NULL,
	"step_on" date NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stemcell_steps_region_id_id_pk" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "rescue_certifications" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"team_org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"cert_no" text,
	"issuer" text,
	"issued_on" date,
	"expires_on" date,
	"reminded_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_certifications_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "rescue_certifications_dates" CHECK ("rescue_certifications"."expires_on" IS NULL OR "rescue_certifications"."issued_on" IS NULL OR "rescue_certifications"."expires_on" > "rescue_certifications"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "rescue_deployment_events" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"deployment_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "rescue_deployment_events_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "rescue_deployment_members" (
	"region_id" integer NOT NULL,
	"deployment_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"team_org_id" integer NOT NULL,
	"is_party_member" boolean NOT NULL,
	"departed_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_deployment_members_pkey" PRIMARY KEY("region_id","deployment_id","member_id"),
	CONSTRAINT "rescue_deployment_members_times" CHECK ("rescue_deployment_members"."returned_at" IS NULL OR ("rescue_deployment_members"."departed_at" IS NOT NULL AND "rescue_deployment_members"."returned_at" >= "rescue_deployment_members"."departed_at"))
);
--> statement-breakpoint
CREATE TABLE "rescue_deployments" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"deployment_no" text NOT NULL,
	"team_org_id" integer NOT NULL,
	"incident_kind" text NOT NULL,
	"place" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"description" text,
	"called_out_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"tasks" text,
	"people_helped" integer DEFAULT 0 NOT NULL,
	"people_rescued" integer DEFAULT 0 NOT NULL,
	"photo_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"equipment_used" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "rescue_deployments_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "rescue_deployments_counts" CHECK ("rescue_deployments"."people_helped" >= 0 AND "rescue_deployments"."people_rescued" >= 0)
);
--> statement-breakpoint
CREATE TABLE "rescue_equipment" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"team_org_id" integer NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"quantity" integer NOT NULL,
	"serial_no" text,
	"condition" text NOT NULL,
	"last_inspected_on" date,
	"expires_on" date,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_equipment_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "rescue_equipment_quantity_positive" CHECK ("rescue_equipment"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "rescue_equipment_inspections" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"equipment_id" uuid NOT NULL,
	"inspected_on" date NOT NULL,
	"inspector" text NOT NULL,
	"condition" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_equipment_inspections_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "rescue_members" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"team_org_id" integer NOT NULL,
	"person_region_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_masked" text,
	"id_number_masked" text,
	"role" text NOT NULL,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"skills" text,
	"joined_on" date NOT NULL,
	"left_on" date,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_members_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "rescue_members_dates" CHECK ("rescue_members"."left_on" IS NULL OR "rescue_members"."left_on" >= "rescue_members"."joined_on")
);
--> statement-breakpoint
CREATE TABLE "rescue_teams" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"region_id" integer NOT NULL,
	"speciality" text NOT NULL,
	"province_status" text NOT NULL,
	"province_reg_no" text,
	"registered_on" date,
	"founded_on" date,
	"base_address" text,
	"base_lat" double precision,
	"base_lng" double precision,
	"contact_name" text,
	"contact_phone" text,
	"description" text,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rescue_trainings" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"team_org_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"hours_tenths" integer NOT NULL,
	"place" text,
	"trainer" text,
	"note" text,
	"member_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rescue_trainings_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "rescue_trainings_hours" CHECK ("rescue_trainings"."hours_tenths" > 0 AND "rescue_trainings"."hours_tenths" <= 240)
);
--> statement-breakpoint
CREATE TABLE "volunteer_activities" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"team_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"geofence_m" integer NOT NULL,
	"capacity" integer NOT NULL,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"skills" text[] NOT NULL,
	"allow_walk_ins" boolean DEFAULT false NOT NULL,
	"check_in_opens_minutes" integer DEFAULT 30 NOT NULL,
	"check_out_grace_minutes" integer DEFAULT 60 NOT NULL,
	"status" text NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_activities_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteer_activities_status_check" CHECK ("volunteer_activities"."status" in ('draft', 'published', 'cancelled')),
	CONSTRAINT "volunteer_activities_time_check" CHECK ("volunteer_activities"."ends_at" > "volunteer_activities"."starts_at"),
	CONSTRAINT "volunteer_activities_capacity_check" CHECK ("volunteer_activities"."confirmed_count" between 0 and "volunteer_activities"."capacity")
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificates" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"activity_count" integer NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_certificates_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_checkins" (
	"region_id" integer NOT NULL,
	"activity_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"distance_m" integer NOT NULL,
	"is_walk_in" boolean DEFAULT false NOT NULL,
	CONSTRAINT "volunteer_checkins_pkey" PRIMARY KEY("region_id","activity_id","volunteer_id","kind"),
	CONSTRAINT "volunteer_checkins_kind_check" CHECK ("volunteer_checkins"."kind" in ('in', 'out'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_hour_corrections" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"before_started_at" timestamp with time zone,
	"before_ended_at" timestamp with time zone,
	"before_minutes" integer,
	"after_started_at" timestamp with time zone NOT NULL,
	"after_ended_at" timestamp with time zone NOT NULL,
	"after_minutes" integer NOT NULL,
	"reason" text NOT NULL,
	"corrected_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_hour_corrections_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_service_records" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"status" text NOT NULL,
	"approved_by" text NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_service_records_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteer_service_records_status_check" CHECK ("volunteer_service_records"."status" in ('approved', 'voided')),
	CONSTRAINT "volunteer_service_records_time_check" CHECK ("volunteer_service_records"."ended_at" >= "volunteer_service_records"."started_at" and "volunteer_service_records"."minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "volunteer_settings" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"full_registration_hours" integer NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_signups" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_signups_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteer_signups_status_check" CHECK ("volunteer_signups"."status" in ('confirmed', 'waitlisted', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"region_id" integer NOT NULL,
	"team_id" uuid NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_pkey" PRIMARY KEY("region_id","team_id","volunteer_id"),
	CONSTRAINT "volunteer_team_members_role_check" CHECK ("volunteer_team_members"."role" in ('leader', 'member'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_teams_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"volunteer_no" text,
	"status" text NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"skills" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"availability" integer[] NOT NULL,
	"emergency_name" text NOT NULL,
	"emergency_phone_enc" text NOT NULL,
	"emergency_phone_masked" text NOT NULL,
	"birth_date" date,
	"is_minor" boolean DEFAULT false NOT NULL,
	"guardian_name" text,
	"guardian_phone_enc" text,
	"guardian_phone_masked" text,
	"guardian_consent_file_id" uuid,
	"registered_via" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_note" text,
	CONSTRAINT "volunteers_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "volunteers_status_check" CHECK ("volunteers"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "volunteers_availability_check" CHECK (cardinality("volunteers"."availability") = 7)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "member_dues_payments_receipt_key" ON "member_dues_payments" USING btree ("region_id","receipt_no");--> statement-breakpoint
CREATE INDEX "member_dues_payments_member_idx" ON "member_dues_payments" USING btree ("member_id","from_year");--> statement-breakpoint
CREATE INDEX "member_dues_payments_org_paid_idx" ON "member_dues_payments" USING btree ("org_id","paid_on");--> statement-breakpoint
CREATE INDEX "member_dues_shares_payment_idx" ON "member_dues_shares" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "member_dues_shares_org_paid_idx" ON "member_dues_shares" USING btree ("org_id","paid_on");--> statement-breakpoint
CREATE INDEX "member_events_member_idx" ON "member_events" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "member_events_org_kind_idx" ON "member_events" USING btree ("org_id","kind","at");--> statement-breakpoint
CREATE INDEX "member_events_to_org_idx" ON "member_events" USING btree ("to_org_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "members_member_no_key" ON "members" USING btree ("region_id","member_no");--> statement-breakpoint
CREATE UNIQUE INDEX "members_person_live_key" ON "members" USING btree ("region_id","person_id") WHERE "members"."person_id" IS NOT NULL AND "members"."kind" = 'individual' AND "members"."status" IN ('applied', 'active', 'lapsed');--> statement-breakpoint
CREATE INDEX "members_org_status_idx" ON "members" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "members_person_idx" ON "members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "members_account_idx" ON "members" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "members_card_token_key" ON "members" USING btree ("region_id","card_token");--> statement-breakpoint
CREATE INDEX "members_card_token_idx" ON "members" USING btree ("card_token");--> statement-breakpoint
CREATE INDEX "members_phone_hash_idx" ON "members" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "members_org_pinyin_idx" ON "members" USING btree ("org_id","name_pinyin");--> statement-breakpoint
CREATE INDEX "members_status_paid_idx" ON "members" USING btree ("status","paid_through_year");--> statement-breakpoint
CREATE INDEX "member_aid_kit_checks_kit_idx" ON "member_aid_kit_checks" USING btree ("region_id","kit_id");--> statement-breakpoint
CREATE INDEX "member_aid_kit_items_kit_idx" ON "member_aid_kit_items" USING btree ("region_id","kit_id");--> statement-breakpoint
CREATE INDEX "member_aid_kit_items_expiry_idx" ON "member_aid_kit_items" USING btree ("expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "member_aid_kit_tasks_open_key" ON "member_aid_kit_tasks" USING btree ("region_id","kit_id","kind","source_id") WHERE "member_aid_kit_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "member_aid_kit_tasks_org_idx" ON "member_aid_kit_tasks" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "member_aid_kit_usages_kit_idx" ON "member_aid_kit_usages" USING btree ("region_id","kit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_aid_kits_code_key" ON "member_aid_kits" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "member_aid_kits_id_idx" ON "member_aid_kits" USING btree ("id");--> statement-breakpoint
CREATE INDEX "member_aid_kits_code_idx" ON "member_aid_kits" USING btree ("code");--> statement-breakpoint
CREATE INDEX "member_aid_kits_org_idx" ON "member_aid_kits" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "member_aid_kits_holder_idx" ON "member_aid_kits" USING btree ("holder_member_id");--> statement-breakpoint
CREATE INDEX "member_point_awards_org_idx" ON "member_point_awards" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "member_point_entries_member_idx" ON "member_point_entries" USING btree ("region_id","member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "member_point_entries_source_idx" ON "member_point_entries" USING btree ("region_id","source","source_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "member_point_entries_once_key" ON "member_point_entries" USING btree ("region_id","source","source_ref","rule_code") WHERE "member_point_entries"."source" IN ('training', 'donation');--> statement-breakpoint
CREATE UNIQUE INDEX "member_point_entries_reversal_key" ON "member_point_entries" USING btree ("region_id","reverses_id");--> statement-breakpoint
CREATE INDEX "member_point_redemptions_member_idx" ON "member_point_redemptions" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE INDEX "member_point_redemptions_org_idx" ON "member_point_redemptions" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "member_point_rules_org_code_key" ON "member_point_rules" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "member_point_rules_code_idx" ON "member_point_rules" USING btree ("code");--> statement-breakpoint
CREATE INDEX "member_point_totals_rank_idx" ON "member_point_totals" USING btree ("year","points" DESC NULLS LAST,"member_id");--> statement-breakpoint
CREATE INDEX "member_point_totals_path_idx" ON "member_point_totals" USING btree ("year","org_path" text_pattern_ops,"points");--> statement-breakpoint
CREATE INDEX "member_point_unit_counts_year_org_idx" ON "member_point_unit_counts" USING btree ("year","org_id");--> statement-breakpoint
CREATE INDEX "member_service_menu_org_idx" ON "member_service_menu" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_service_orders_no_key" ON "member_service_orders" USING btree ("region_id","order_no");--> statement-breakpoint
CREATE INDEX "member_service_orders_id_idx" ON "member_service_orders" USING btree ("id");--> statement-breakpoint
CREATE INDEX "member_service_orders_org_idx" ON "member_service_orders" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "member_service_orders_member_idx" ON "member_service_orders" USING btree ("region_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_registration_versions_key" ON "donor_registration_versions" USING btree ("region_id","registration_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_registrations_reg_no_key" ON "donor_registrations" USING btree ("region_id","reg_no");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_registrations_check_code_key" ON "donor_registrations" USING btree ("region_id","check_code");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_registrations_person_kind_key" ON "donor_registrations" USING btree ("region_id","person_id","kind") WHERE "donor_registrations"."status" <> 'withdrawn';--> statement-breakpoint
CREATE INDEX "donor_registrations_person_idx" ON "donor_registrations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "donor_registrations_phone_idx" ON "donor_registrations" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "donor_registrations_org_idx" ON "donor_registrations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "memorial_messages_memorial_idx" ON "memorial_messages" USING btree ("memorial_id","status","created_at");--> statement-breakpoint
CREATE INDEX "memorial_messages_pending_idx" ON "memorial_messages" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "memorials_registration_key" ON "memorials" USING btree ("region_id","registration_id");--> statement-breakpoint
CREATE INDEX "memorials_wall_idx" ON "memorials" USING btree ("death_on","id");--> statement-breakpoint
CREATE INDEX "memorials_id_idx" ON "memorials" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "blood_drive_donors_person_uq" ON "blood_drive_donors" USING btree ("region_id","drive_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "blood_drive_donors_id_idx" ON "blood_drive_donors" USING btree ("id_number_hash","donated_on");--> statement-breakpoint
CREATE INDEX "blood_drive_donors_drive_idx" ON "blood_drive_donors" USING btree ("drive_id");--> statement-breakpoint
CREATE INDEX "blood_drives_org_idx" ON "blood_drives" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "stemcell_registrations_no_uq" ON "stemcell_registrations" USING btree ("region_id","registration_no");--> statement-breakpoint
CREATE UNIQUE INDEX "stemcell_registrations_check_uq" ON "stemcell_registrations" USING btree ("region_id","check_code");--> statement-breakpoint
CREATE INDEX "stemcell_registrations_id_idx" ON "stemcell_registrations" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "stemcell_registrations_phone_idx" ON "stemcell_registrations" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "stemcell_registrations_org_idx" ON "stemcell_registrations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "stemcell_registrations_confirm_idx" ON "stemcell_registrations" USING btree ("confirm_by") WHERE "stemcell_registrations"."status" = 'cooling_off';--> statement-breakpoint
CREATE UNIQUE INDEX "stemcell_samples_barcode_uq" ON "stemcell_samples" USING btree ("region_id","barcode");--> statement-breakpoint
CREATE INDEX "stemcell_samples_barcode_idx" ON "stemcell_samples" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "stemcell_samples_registration_idx" ON "stemcell_samples" USING btree ("registration_id");--> statement-breakpoint
CREATE INDEX "stemcell_steps_registration_idx" ON "stemcell_steps" USING btree ("registration_id","at");--> statement-breakpoint
CREATE INDEX "stemcell_steps_org_idx" ON "stemcell_steps" USING btree ("org_id","step","step_on");--> statement-breakpoint
CREATE INDEX "rescue_certifications_member_idx" ON "rescue_certifications" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "rescue_certifications_expiry_idx" ON "rescue_certifications" USING btree ("expires_on") WHERE "rescue_certifications"."reminded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "rescue_deployment_events_deployment_idx" ON "rescue_deployment_events" USING btree ("deployment_id","created_at");--> statement-breakpoint
CREATE INDEX "rescue_deployment_members_person_idx" ON "rescue_deployment_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "rescue_deployment_members_member_idx" ON "rescue_deployment_members" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rescue_deployments_no_key" ON "rescue_deployments" USING btree ("region_id","deployment_no");--> statement-breakpoint
CREATE INDEX "rescue_deployments_id_idx" ON "rescue_deployments" USING btree ("id");--> statement-breakpoint
CREATE INDEX "rescue_deployments_team_idx" ON "rescue_deployments" USING btree ("team_org_id","called_out_at");--> statement-breakpoint
CREATE INDEX "rescue_equipment_id_idx" ON "rescue_equipment" USING btree ("id");--> statement-breakpoint
CREATE INDEX "rescue_equipment_team_idx" ON "rescue_equipment" USING btree ("team_org_id");--> statement-breakpoint
CREATE INDEX "rescue_equipment_inspections_equipment_idx" ON "rescue_equipment_inspections" USING btree ("equipment_id","inspected_on");--> statement-breakpoint
CREATE UNIQUE INDEX "rescue_members_active_key" ON "rescue_members" USING btree ("region_id","team_org_id","person_id") WHERE "rescue_members"."left_on" IS NULL;--> statement-breakpoint
CREATE INDEX "rescue_members_id_idx" ON "rescue_members" USING btree ("id");--> statement-breakpoint
CREATE INDEX "rescue_members_team_idx" ON "rescue_members" USING btree ("team_org_id","left_on");--> statement-breakpoint
CREATE INDEX "rescue_members_person_idx" ON "rescue_members" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "rescue_teams_region_idx" ON "rescue_teams" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "rescue_trainings_team_idx" ON "rescue_trainings" USING btree ("team_org_id","held_on");--> statement-breakpoint
CREATE INDEX "volunteer_activities_id_idx" ON "volunteer_activities" USING btree ("id");--> statement-breakpoint
CREATE INDEX "volunteer_activities_org_idx" ON "volunteer_activities" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE INDEX "volunteer_activities_published_idx" ON "volunteer_activities" USING btree ("starts_at") WHERE "volunteer_activities"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificates_code_key" ON "volunteer_certificates" USING btree ("region_id","code");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_code_idx" ON "volunteer_certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "volunteer_checkins_volunteer_idx" ON "volunteer_checkins" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_hour_corrections_record_idx" ON "volunteer_hour_corrections" USING btree ("region_id","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_service_records_key" ON "volunteer_service_records" USING btree ("region_id","activity_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_person_idx" ON "volunteer_service_records" USING btree ("person_id","started_at");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_org_idx" ON "volunteer_service_records" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_signups_key" ON "volunteer_signups" USING btree ("region_id","activity_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_signups_volunteer_idx" ON "volunteer_signups" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_name_key" ON "volunteer_teams" USING btree ("region_id","org_id","name");--> statement-breakpoint
CREATE INDEX "volunteer_teams_id_idx" ON "volunteer_teams" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_person_key" ON "volunteers" USING btree ("region_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_no_key" ON "volunteers" USING btree ("region_id","volunteer_no");--> statement-breakpoint
CREATE INDEX "volunteers_id_idx" ON "volunteers" USING btree ("id");--> statement-breakpoint
CREATE INDEX "volunteers_person_idx" ON "volunteers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "volunteers_phone_idx" ON "volunteers" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "volunteers_org_idx" ON "volunteers" USING btree ("org_id","status");