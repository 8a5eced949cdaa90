CREATE TABLE "house_settings" (
	"cohort_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"rule_id" text NOT NULL,
	"version" integer NOT NULL,
	"adopted_at" timestamp with time zone NOT NULL,
	"votes_for" integer NOT NULL,
	"votes_total" integer NOT NULL,
	CONSTRAINT "house_settings_cohort_id_key_pk" PRIMARY KEY("cohort_id","key")
);
--> statement-breakpoint
CREATE TABLE "rule_changes" (
	"cohort_id" integer NOT NULL,
	"version" integer NOT NULL,
	"rule_id" text NOT NULL,
	"text" text NOT NULL,
	"setting" text,
	"value" text,
	"proposal_id" integer,
	"consents" integer NOT NULL,
	"responses" integer NOT NULL,
	"adopted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rule_changes_cohort_id_version_pk" PRIMARY KEY("cohort_id","version")
);
--> statement-breakpoint
CREATE TABLE "rule_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rule_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"proposer_id" integer,
	"rule_id" text NOT NULL,
	"is_new" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"setting" text,
	"value" text,
	"status" text DEFAULT 'open' NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"consents" integer,
	"responses" integer,
	"active" integer,
	"version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_proposals_status" CHECK ("rule_proposals"."status" IN ('open', 'adopted', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "rule_votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rule_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"proposal_id" integer NOT NULL,
	"user_id" integer,
	"vote" text NOT NULL,
	"reason" text,
	"answer" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_votes_vote" CHECK ("rule_votes"."vote" IN ('consent', 'abstain', 'object'))
);
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "rules_version" integer;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "rules_accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "flags" ADD COLUMN "rule_id" text;--> statement-breakpoint
ALTER TABLE "house_settings" ADD CONSTRAINT "house_settings_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_changes" ADD CONSTRAINT "rule_changes_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_changes" ADD CONSTRAINT "rule_changes_proposal_id_rule_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."rule_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_proposals" ADD CONSTRAINT "rule_proposals_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_proposals" ADD CONSTRAINT "rule_proposals_proposer_id_users_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_votes" ADD CONSTRAINT "rule_votes_proposal_id_rule_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."rule_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_votes" ADD CONSTRAINT "rule_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rule_changes_proposal_idx" ON "rule_changes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "rule_proposals_cohort_idx" ON "rule_proposals" USING btree ("cohort_id","created_at");--> statement-breakpoint
CREATE INDEX "rule_proposals_due_idx" ON "rule_proposals" USING btree ("closes_at") WHERE "rule_proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "rule_proposals_proposer_idx" ON "rule_proposals" USING btree ("proposer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_votes_proposal_user_idx" ON "rule_votes" USING btree ("proposal_id","user_id");--> statement-breakpoint
CREATE INDEX "rule_votes_user_idx" ON "rule_votes" USING btree ("user_id");