CREATE TABLE "allocation_moves" (
	"region_id" integer NOT NULL,
	"allocation_id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "allocation_moves_pkey" PRIMARY KEY("region_id","allocation_id","donation_id")
);
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"obligation_key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"title" text,
	"body" text,
	"figures" jsonb,
	"published_at" timestamp with time zone,
	"published_by" text,
	"body_sha256" text,
	"corrects_id" uuid,
	"ledger_index" bigint,
	"overdue_alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "donation_orders" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"project_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"channel" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"donor_name" text,
	"donor_phone_enc" text,
	"donor_phone_hash" text,
	"donor_phone_masked" text,
	"is_anonymous" boolean NOT NULL,
	"message" text,
	"consent_version" text NOT NULL,
	"wants_receipt" boolean NOT NULL,
	"access_token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"provider_txn_id" text,
	"donation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_orders_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "donation_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"fund_kind" text NOT NULL,
	"purpose" text NOT NULL,
	"target_fen" bigint,
	"preset_amounts_fen" jsonb NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"status" text NOT NULL,
	"management_fee_bp" integer DEFAULT 0 NOT NULL,
	"is_emergency" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "donation_reversals" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"evidence_file_id" uuid,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"ledger_index" bigint,
	CONSTRAINT "donation_reversals_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "donations" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"donation_no" text NOT NULL,
	"project_id" integer NOT NULL,
	"fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"channel" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"donor_kind" text NOT NULL,
	"donor_name" text,
	"display_name" text NOT NULL,
	"is_anonymous" boolean NOT NULL,
	"donor_phone_enc" text,
	"donor_phone_hash" text,
	"donor_phone_masked" text,
	"message" text,
	"intent" text NOT NULL,
	"intent_note" text,
	"agreement_file_id" uuid,
	"evidence_file_id" uuid,
	"salt_enc" text,
	"commitment" text NOT NULL,
	"provider_txn_id" text,
	"order_id" uuid,
	"receipt_status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"ledger_index" bigint NOT NULL,
	"access_token_hash" text,
	"certificate_file_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donations_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "donor_consents" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"to_fund_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"form" text NOT NULL,
	"evidence_file_id" uuid NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"ledger_index" bigint NOT NULL,
	CONSTRAINT "donor_consents_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "fund_allocations" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"allocation_no" text NOT NULL,
	"from_fund_id" integer NOT NULL,
	"to_fund_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"ledger_index" bigint,
	CONSTRAINT "fund_allocations_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "fund_entries" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"fund_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"donation_id" uuid,
	"payout_id" uuid,
	"ledger_index" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_entries_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "fund_lots" (
	"region_id" integer NOT NULL,
	"fund_id" integer NOT NULL,
	"ledger_index" bigint NOT NULL,
	"donation_id" uuid NOT NULL,
	"origin_index" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"unspent_fen" bigint NOT NULL,
	CONSTRAINT "fund_lots_pkey" PRIMARY KEY("region_id","fund_id","ledger_index","origin_index")
);
--> statement-breakpoint
CREATE TABLE "funds" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"kind" text NOT NULL,
	"project_id" integer,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gift_imports" (
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
CREATE TABLE "payment_notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"order_no" text,
	"provider_txn_id" text,
	"amount_fen" bigint,
	"verdict" text NOT NULL,
	"detail" text,
	"headers" jsonb NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"file_id" uuid NOT NULL,
	"period_from" timestamp with time zone,
	"period_to" timestamp with time zone,
	"line_count" integer NOT NULL,
	"summary" jsonb NOT NULL,
	"issues" jsonb NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_spends" (
	"region_id" integer NOT NULL,
	"payout_id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"lot_index" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "payout_spends_pkey" PRIMARY KEY("region_id","payout_id","donation_id")
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"payout_no" text NOT NULL,
	"fund_id" integer NOT NULL,
	"project_id" integer,
	"org_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"payee_kind" text NOT NULL,
	"payee_name" text NOT NULL,
	"payee_display" text NOT NULL,
	"payee_salt_enc" text,
	"payee_commitment" text NOT NULL,
	"purpose" text NOT NULL,
	"supplier" text,
	"unit_price_fen" bigint,
	"quantity" integer,
	"is_related_party" boolean DEFAULT false NOT NULL,
	"is_management_fee" boolean DEFAULT false NOT NULL,
	"evidence_file_id" uuid,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"ledger_index" bigint,
	CONSTRAINT "payouts_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "goods_lots" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"lot_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"warehouse_id" integer NOT NULL,
	"project_id" integer,
	"donor_kind" text NOT NULL,
	"donor_name" text,
	"display_name" text NOT NULL,
	"is_anonymous" boolean NOT NULL,
	"donor_salt_enc" text,
	"donor_commitment" text NOT NULL,
	"item_name" text NOT NULL,
	"spec" text NOT NULL,
	"standard" text,
	"product_code" text NOT NULL,
	"unit" text NOT NULL,
	"pieces_per_unit" integer,
	"piece_unit" text,
	"quantity" integer NOT NULL,
	"production_date" date,
	"expires_on" date,
	"is_short_life" boolean NOT NULL,
	"min_shelf_months" integer NOT NULL,
	"unit_value_fen" bigint,
	"value_fen" bigint,
	"valuation_kind" text,
	"valuation_file_id" uuid,
	"letter_file_id" uuid,
	"note" text,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"decision_note" text,
	"ledger_index" bigint,
	CONSTRAINT "goods_lots_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "goods_lots_quantity_positive" CHECK ("goods_lots"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "goods_movements" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"movement_no" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_warehouse_id" integer,
	"to_warehouse_id" integer,
	"quantity" integer NOT NULL,
	"org_id" integer NOT NULL,
	"recipient_kind" text,
	"recipient_org_id" integer,
	"recipient_name" text,
	"recipient_display" text,
	"recipient_salt_enc" text,
	"recipient_commitment" text,
	"purpose" text,
	"reason" text,
	"evidence_file_id" uuid,
	"value_fen" bigint,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"approved_by" text,
	"ledger_index" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goods_movements_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "goods_movements_quantity_positive" CHECK ("goods_movements"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "goods_stock" (
	"region_id" integer NOT NULL,
	"lot_id" uuid NOT NULL,
	"warehouse_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goods_stock_pkey" PRIMARY KEY("region_id","lot_id","warehouse_id"),
	CONSTRAINT "goods_stock_quantity_nonnegative" CHECK ("goods_stock"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "goods_warehouses" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goods_write_offs" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"warehouse_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text NOT NULL,
	"evidence_file_id" uuid,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"movement_id" uuid,
	CONSTRAINT "goods_write_offs_pkey" PRIMARY KEY("region_id","id"),
	CONSTRAINT "goods_write_offs_quantity_positive" CHECK ("goods_write_offs"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_cosignatures" (
	"size" bigint NOT NULL,
	"witness_key" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signature_line" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_cosignatures_size_witness_key_pk" PRIMARY KEY("size","witness_key")
);
--> statement-breakpoint
CREATE TABLE "ledger_tiles" (
	"level" smallint NOT NULL,
	"index" bigint NOT NULL,
	"hashes" "bytea" NOT NULL,
	CONSTRAINT "ledger_tiles_level_index_pk" PRIMARY KEY("level","index")
);
--> statement-breakpoint
CREATE TABLE "fiscal_receipt_counters" (
	"receipt_code" text PRIMARY KEY NOT NULL,
	"last_number" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fiscal_receipts" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"donation_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"voids_receipt_id" uuid,
	"request_id" uuid,
	"issuer" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_id_type" text NOT NULL,
	"payer_id_enc" text NOT NULL,
	"payer_id_hash" text NOT NULL,
	"payer_id_masked" text NOT NULL,
	"payee_name" text NOT NULL,
	"lines" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"receipt_code" text NOT NULL,
	"receipt_number" text NOT NULL,
	"check_code" text NOT NULL,
	"qr_text" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"reviewer" text NOT NULL,
	"cashier" text NOT NULL,
	"notes" text NOT NULL,
	"void_reason" text,
	"pdf_file_id" uuid NOT NULL,
	CONSTRAINT "fiscal_receipts_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "receipt_requests" (
	"region_id" integer NOT NULL,
	"id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"donation_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"requester_kind" text NOT NULL,
	"requested_by" text,
	"requested_at" timestamp with time zone NOT NULL,
	"previous_status" text NOT NULL,
	"payer_name" text NOT NULL,
	"payer_id_type" text NOT NULL,
	"payer_id_enc" text NOT NULL,
	"payer_id_hash" text NOT NULL,
	"payer_id_masked" text NOT NULL,
	"status" text NOT NULL,
	"refusal_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"receipt_id" uuid,
	CONSTRAINT "receipt_requests_pkey" PRIMARY KEY("region_id","id")
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"org_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_cosignatures" ADD CONSTRAINT "ledger_cosignatures_size_ledger_checkpoints_size_fk" FOREIGN KEY ("size") REFERENCES "public"."ledger_checkpoints"("size") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocation_moves_donation_idx" ON "allocation_moves" USING btree ("donation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosures_obligation_key" ON "disclosures" USING btree ("project_id","obligation_key");--> statement-breakpoint
CREATE INDEX "disclosures_due_idx" ON "disclosures" USING btree ("due_at") WHERE "disclosures"."published_at" IS NULL;--> statement-breakpoint
CREATE INDEX "disclosures_org_idx" ON "disclosures" USING btree ("org_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_orders_no_key" ON "donation_orders" USING btree ("region_id","order_no");--> statement-breakpoint
CREATE INDEX "donation_orders_no_idx" ON "donation_orders" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "donation_orders_due_idx" ON "donation_orders" USING btree ("expires_at") WHERE "donation_orders"."status" = 'created';--> statement-breakpoint
CREATE UNIQUE INDEX "donation_projects_code_key" ON "donation_projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "donation_projects_org_idx" ON "donation_projects" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "donation_reversals_donation_idx" ON "donation_reversals" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "donation_reversals_decided_idx" ON "donation_reversals" USING btree ("decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "donation_reversals_open_key" ON "donation_reversals" USING btree ("region_id","donation_id") WHERE "donation_reversals"."status" IN ('pending', 'done');--> statement-breakpoint
CREATE UNIQUE INDEX "donations_no_key" ON "donations" USING btree ("region_id","donation_no");--> statement-breakpoint
CREATE UNIQUE INDEX "donations_provider_txn_key" ON "donations" USING btree ("region_id","channel","provider_txn_id");--> statement-breakpoint
CREATE INDEX "donations_no_idx" ON "donations" USING btree ("donation_no");--> statement-breakpoint
CREATE INDEX "donations_project_received_idx" ON "donations" USING btree ("project_id","received_at");--> statement-breakpoint
CREATE INDEX "donations_org_received_idx" ON "donations" USING btree ("org_id","received_at");--> statement-breakpoint
CREATE INDEX "donations_received_ledger_idx" ON "donations" USING btree ("received_at","ledger_index");--> statement-breakpoint
CREATE INDEX "donations_phone_idx" ON "donations" USING btree ("donor_phone_hash");--> statement-breakpoint
CREATE INDEX "donations_ledger_idx" ON "donations" USING btree ("ledger_index");--> statement-breakpoint
CREATE UNIQUE INDEX "donor_consents_gift_fund_key" ON "donor_consents" USING btree ("region_id","donation_id","to_fund_id");--> statement-breakpoint
CREATE INDEX "donor_consents_fund_idx" ON "donor_consents" USING btree ("to_fund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fund_allocations_no_key" ON "fund_allocations" USING btree ("region_id","allocation_no");--> statement-breakpoint
CREATE INDEX "fund_allocations_from_idx" ON "fund_allocations" USING btree ("from_fund_id","requested_at");--> statement-breakpoint
CREATE INDEX "fund_allocations_org_idx" ON "fund_allocations" USING btree ("org_id","requested_at");--> statement-breakpoint
CREATE INDEX "fund_entries_fund_idx" ON "fund_entries" USING btree ("fund_id","occurred_at");--> statement-breakpoint
CREATE INDEX "fund_entries_reversal_idx" ON "fund_entries" USING btree ("donation_id") WHERE "fund_entries"."kind" IN ('refund', 'correction');--> statement-breakpoint
CREATE INDEX "fund_lots_open_idx" ON "fund_lots" USING btree ("fund_id","ledger_index","origin_index") WHERE "fund_lots"."unspent_fen" > 0;--> statement-breakpoint
CREATE INDEX "fund_lots_donation_idx" ON "fund_lots" USING btree ("donation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funds_project_key" ON "funds" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funds_general_key" ON "funds" USING btree ("org_id") WHERE "funds"."kind" = 'general';--> statement-breakpoint
CREATE INDEX "payment_notifications_flagged_idx" ON "payment_notifications" USING btree ("received_at") WHERE "payment_notifications"."verdict" NOT IN ('accepted', 'duplicate');--> statement-breakpoint
CREATE INDEX "payment_notifications_order_idx" ON "payment_notifications" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "payment_statements_imported_idx" ON "payment_statements" USING btree ("imported_at");--> statement-breakpoint
CREATE INDEX "payout_spends_donation_idx" ON "payout_spends" USING btree ("donation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payouts_no_key" ON "payouts" USING btree ("region_id","payout_no");--> statement-breakpoint
CREATE INDEX "payouts_fund_idx" ON "payouts" USING btree ("fund_id","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_org_idx" ON "payouts" USING btree ("org_id","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_decided_idx" ON "payouts" USING btree ("decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "goods_lots_no_key" ON "goods_lots" USING btree ("region_id","lot_no");--> statement-breakpoint
CREATE INDEX "goods_lots_id_idx" ON "goods_lots" USING btree ("id");--> statement-breakpoint
CREATE INDEX "goods_lots_no_idx" ON "goods_lots" USING btree ("lot_no");--> statement-breakpoint
CREATE INDEX "goods_lots_org_idx" ON "goods_lots" USING btree ("org_id","recorded_at");--> statement-breakpoint
CREATE INDEX "goods_lots_expiry_idx" ON "goods_lots" USING btree ("expires_on") WHERE "goods_lots"."status" = 'received';--> statement-breakpoint
CREATE UNIQUE INDEX "goods_movements_no_key" ON "goods_movements" USING btree ("region_id","movement_no");--> statement-breakpoint
CREATE INDEX "goods_movements_lot_idx" ON "goods_movements" USING btree ("lot_id","occurred_at");--> statement-breakpoint
CREATE INDEX "goods_movements_org_idx" ON "goods_movements" USING btree ("org_id","occurred_at");--> statement-breakpoint
CREATE INDEX "goods_movements_no_idx" ON "goods_movements" USING btree ("movement_no");--> statement-breakpoint
CREATE INDEX "goods_stock_lot_idx" ON "goods_stock" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "goods_stock_warehouse_idx" ON "goods_stock" USING btree ("warehouse_id");--> statement-breakpoint
CREATE UNIQUE INDEX "goods_warehouses_org_name_key" ON "goods_warehouses" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "goods_write_offs_id_idx" ON "goods_write_offs" USING btree ("id");--> statement-breakpoint
CREATE INDEX "goods_write_offs_org_idx" ON "goods_write_offs" USING btree ("org_id","requested_at");--> statement-breakpoint
CREATE INDEX "goods_write_offs_lot_idx" ON "goods_write_offs" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fiscal_receipts_number_key" ON "fiscal_receipts" USING btree ("region_id","receipt_code","receipt_number");--> statement-breakpoint
CREATE INDEX "fiscal_receipts_number_idx" ON "fiscal_receipts" USING btree ("receipt_code","receipt_number");--> statement-breakpoint
CREATE UNIQUE INDEX "fiscal_receipts_voids_key" ON "fiscal_receipts" USING btree ("region_id","voids_receipt_id") WHERE "fiscal_receipts"."kind" = 'void';--> statement-breakpoint
CREATE INDEX "fiscal_receipts_donation_idx" ON "fiscal_receipts" USING btree ("donation_id","issued_at");--> statement-breakpoint
CREATE INDEX "fiscal_receipts_org_idx" ON "fiscal_receipts" USING btree ("org_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "receipt_requests_pending_key" ON "receipt_requests" USING btree ("region_id","donation_id") WHERE "receipt_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "receipt_requests_donation_idx" ON "receipt_requests" USING btree ("donation_id","requested_at");--> statement-breakpoint
CREATE INDEX "receipt_requests_org_idx" ON "receipt_requests" USING btree ("org_id","requested_at");--> statement-breakpoint
CREATE INDEX "receipt_requests_pending_idx" ON "receipt_requests" USING btree ("requested_at") WHERE "receipt_requests"."status" = 'requested';--> statement-breakpoint
CREATE INDEX "stored_files_sha256_idx" ON "stored_files" USING btree ("sha256");