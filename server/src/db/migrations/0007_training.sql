CREATE TABLE "org_populations" (
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"population" integer NOT NULL,
	"source" text,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_populations_pkey" PRIMARY KEY("org_id","year"),
	CONSTRAINT "org_populations_positive" CHECK ("org_populations"."population" > 0)
);
--> statement-breakpoint
CREATE TABLE "training_attendance" (
	"region_id" integer NOT NULL,
	"session_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"method" text NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	CONSTRAINT "training_attendance_pkey" PRIMARY KEY("region_id","session_id","enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "training_awareness_sessions" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"course_id" integer,
	"held_on" date NOT NULL,
	"venue_kind" text NOT NULL,
	"venue" text NOT NULL,
	"topic" text NOT NULL,
	"attendees" integer NOT NULL,
	"hours" smallint NOT NULL,
	"instructor_id" uuid,
	"trainer_name" text,
	"evidence_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_awareness_sessions_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "training_awareness_sessions_attendees_positive" CHECK ("training_awareness_sessions"."attendees" > 0)
);
--> statement-breakpoint
CREATE TABLE "training_bases" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"capacity" integer NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"equipment" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_cert_counters" (
	"org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "training_cert_counters_pkey" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "training_cert_imports" (
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
CREATE TABLE "training_certificates" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"cert_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid NOT NULL,
	"person_region_id" integer NOT NULL,
	"holder_name" text NOT NULL,
	"holder_name_masked" text NOT NULL,
	"id_number_masked" text,
	"phone_hash" text,
	"class_id" uuid,
	"enrolment_id" uuid,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"verify_code" text NOT NULL,
	"photo_file_id" uuid,
	"renews_id" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	"reminded_90_at" timestamp with time zone,
	"reminded_30_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_certificates_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_class_staff" (
	"region_id" integer NOT NULL,
	"class_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_class_staff_pkey" PRIMARY KEY("region_id","class_id","instructor_id","role")
);
--> statement-breakpoint
CREATE TABLE "training_classes" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"class_no" text NOT NULL,
	"course_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"order_org_name" text,
	"order_contact_name" text,
	"order_contact_phone_masked" text,
	"base_id" integer,
	"site_address" text,
	"capacity" integer NOT NULL,
	"status" text NOT NULL,
	"enrol_closes_at" timestamp with time zone,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"theory_opens_at" timestamp with time zone,
	"theory_closes_at" timestamp with time zone,
	"public_token" text NOT NULL,
	"enrolled_count" integer DEFAULT 0 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_classes_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "training_classes_capacity_positive" CHECK ("training_classes"."capacity" > 0),
	CONSTRAINT "training_classes_counts" CHECK ("training_classes"."enrolled_count" >= 0 AND "training_classes"."enrolled_count" <= "training_classes"."capacity")
);
--> statement-breakpoint
CREATE TABLE "training_courses" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"org_id" integer NOT NULL,
	"online_hours" integer NOT NULL,
	"offline_hours" integer NOT NULL,
	"units" jsonb NOT NULL,
	"blueprint" jsonb NOT NULL,
	"theory_minutes" integer NOT NULL,
	"theory_pass_percent" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"checklist" jsonb NOT NULL,
	"practical_pass_percent" integer NOT NULL,
	"has_theory_exam" boolean NOT NULL,
	"has_practical_exam" boolean NOT NULL,
	"certificate_years" integer,
	"certificate_title" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_courses_pass_range" CHECK ("training_courses"."theory_pass_percent" BETWEEN 1 AND 100 AND "training_courses"."practical_pass_percent" BETWEEN 1 AND 100),
	CONSTRAINT "training_courses_attempts_positive" CHECK ("training_courses"."max_attempts" > 0 AND "training_courses"."theory_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "training_enrolments" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"person_region_id" integer NOT NULL,
	"name" text NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_masked" text NOT NULL,
	"id_number_masked" text,
	"workplace" text,
	"status" text NOT NULL,
	"waitlisted_at" timestamp with time zone,
	"source" text NOT NULL,
	"public_account_id" uuid,
	"service_request_id" text,
	"theory_result" text DEFAULT 'pending' NOT NULL,
	"theory_score" integer,
	"practical_result" text DEFAULT 'pending' NOT NULL,
	"practical_score" integer,
	"lessons_done_at" timestamp with time zone,
	"certificate_id" uuid,
	"enrolled_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_enrolments_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_exam_answers" (
	"region_id" integer NOT NULL,
	"attempt_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"answer" jsonb NOT NULL,
	"client_seq" integer NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	"is_correct" boolean,
	CONSTRAINT "training_exam_answers_pkey" PRIMARY KEY("region_id","attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "training_exam_attempts" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"status" text NOT NULL,
	"paper" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" integer,
	"max_score" integer NOT NULL,
	"is_passed" boolean,
	"device_id" text,
	"ip" text,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"review" text DEFAULT 'none' NOT NULL,
	"reviewed_by" text,
	"review_note" text,
	"answer_saves" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "training_exam_attempts_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_instructors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"person_region_id" integer NOT NULL,
	"name" text NOT NULL,
	"phone_masked" text,
	"user_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_lesson_progress" (
	"region_id" integer NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"seconds_spent" integer DEFAULT 0 NOT NULL,
	"last_beat_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "training_lesson_progress_pkey" PRIMARY KEY("region_id","enrolment_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "training_lessons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" integer NOT NULL,
	"unit_code" text NOT NULL,
	"mode" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"video_url" text,
	"image_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_minutes" integer DEFAULT 0 NOT NULL,
	"is_required" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_practical_scores" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"examiner_id" uuid NOT NULL,
	"items" jsonb NOT NULL,
	"total" integer NOT NULL,
	"max_total" integer NOT NULL,
	"is_passed" boolean NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"signed_by" text,
	"signed_at" timestamp with time zone,
	"amends_id" uuid,
	"amend_reason" text,
	"amended_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_practical_scores_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "training_qualifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instructor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"grade" text NOT NULL,
	"certificate_no" text,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_code" text NOT NULL,
	"kind" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" jsonb NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"checkin_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE INDEX "training_attendance_enrolment_idx" ON "training_attendance" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "training_awareness_sessions_org_idx" ON "training_awareness_sessions" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "training_bases_org_idx" ON "training_bases" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_certificates_no_key" ON "training_certificates" USING btree ("region_id","cert_no");--> statement-breakpoint
CREATE INDEX "training_certificates_id_idx" ON "training_certificates" USING btree ("id");--> statement-breakpoint
CREATE INDEX "training_certificates_no_idx" ON "training_certificates" USING btree ("cert_no");--> statement-breakpoint
CREATE INDEX "training_certificates_person_idx" ON "training_certificates" USING btree ("person_id","kind","valid_until");--> statement-breakpoint
CREATE INDEX "training_certificates_phone_idx" ON "training_certificates" USING btree ("phone_hash") WHERE "training_certificates"."phone_hash" is not null;--> statement-breakpoint
CREATE INDEX "training_certificates_org_idx" ON "training_certificates" USING btree ("org_id","issued_on");--> statement-breakpoint
CREATE INDEX "training_certificates_expiry_idx" ON "training_certificates" USING btree ("valid_until") WHERE "training_certificates"."status" = 'valid';--> statement-breakpoint
CREATE INDEX "training_class_staff_instructor_idx" ON "training_class_staff" USING btree ("instructor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_classes_no_key" ON "training_classes" USING btree ("region_id","class_no");--> statement-breakpoint
CREATE UNIQUE INDEX "training_classes_token_key" ON "training_classes" USING btree ("region_id","public_token");--> statement-breakpoint
CREATE INDEX "training_classes_id_idx" ON "training_classes" USING btree ("id");--> statement-breakpoint
CREATE INDEX "training_classes_token_idx" ON "training_classes" USING btree ("public_token");--> statement-breakpoint
CREATE INDEX "training_classes_org_idx" ON "training_classes" USING btree ("org_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "training_courses_code_key" ON "training_courses" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "training_enrolments_person_key" ON "training_enrolments" USING btree ("region_id","class_id","person_region_id","person_id");--> statement-breakpoint
CREATE INDEX "training_enrolments_id_idx" ON "training_enrolments" USING btree ("id");--> statement-breakpoint
CREATE INDEX "training_enrolments_class_idx" ON "training_enrolments" USING btree ("class_id","status","enrolled_at");--> statement-breakpoint
CREATE INDEX "training_enrolments_phone_idx" ON "training_enrolments" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "training_enrolments_waitlist_idx" ON "training_enrolments" USING btree ("class_id","waitlisted_at") WHERE "training_enrolments"."status" = 'waitlisted';--> statement-breakpoint
CREATE UNIQUE INDEX "training_exam_attempts_no_key" ON "training_exam_attempts" USING btree ("region_id","enrolment_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "training_exam_attempts_open_key" ON "training_exam_attempts" USING btree ("region_id","enrolment_id") WHERE "training_exam_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "training_exam_attempts_id_idx" ON "training_exam_attempts" USING btree ("id");--> statement-breakpoint
CREATE INDEX "training_exam_attempts_class_idx" ON "training_exam_attempts" USING btree ("class_id","started_at");--> statement-breakpoint
CREATE INDEX "training_exam_attempts_device_idx" ON "training_exam_attempts" USING btree ("device_id") WHERE "training_exam_attempts"."device_id" is not null;--> statement-breakpoint
CREATE INDEX "training_exam_attempts_review_idx" ON "training_exam_attempts" USING btree ("review") WHERE "training_exam_attempts"."review" = 'pending';--> statement-breakpoint
CREATE INDEX "training_exam_attempts_deadline_idx" ON "training_exam_attempts" USING btree ("deadline_at") WHERE "training_exam_attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE UNIQUE INDEX "training_instructors_person_key" ON "training_instructors" USING btree ("person_region_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_instructors_user_key" ON "training_instructors" USING btree ("user_id") WHERE "training_instructors"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "training_instructors_org_idx" ON "training_instructors" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "training_lessons_course_idx" ON "training_lessons" USING btree ("course_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "training_practical_scores_version_key" ON "training_practical_scores" USING btree ("region_id","enrolment_id","version");--> statement-breakpoint
CREATE INDEX "training_practical_scores_id_idx" ON "training_practical_scores" USING btree ("id");--> statement-breakpoint
CREATE INDEX "training_practical_scores_class_idx" ON "training_practical_scores" USING btree ("class_id","status");--> statement-breakpoint
CREATE INDEX "training_practical_scores_pending_idx" ON "training_practical_scores" USING btree ("status") WHERE "training_practical_scores"."status" = 'amendment_pending';--> statement-breakpoint
CREATE INDEX "training_qualifications_instructor_idx" ON "training_qualifications" USING btree ("instructor_id","kind","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "training_questions_hash_key" ON "training_questions" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "training_questions_draw_idx" ON "training_questions" USING btree ("unit_code","kind") WHERE "training_questions"."is_active";--> statement-breakpoint
CREATE UNIQUE INDEX "training_sessions_seq_key" ON "training_sessions" USING btree ("region_id","class_id","seq");--> statement-breakpoint
CREATE INDEX "training_sessions_token_idx" ON "training_sessions" USING btree ("checkin_token");