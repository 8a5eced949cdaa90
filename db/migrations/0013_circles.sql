CREATE TABLE "circle_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "circle_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"circle_id" integer NOT NULL,
	"cohort_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"offer_choice" text,
	CONSTRAINT "circle_members_offer_choice" CHECK ("circle_members"."offer_choice" IS NULL OR "circle_members"."offer_choice" IN ('merge', 'stay'))
);
--> statement-breakpoint
CREATE TABLE "circle_reads" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "circle_reads_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"circle_id" integer NOT NULL,
	"user_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circle_signups" (
	"cohort_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"language" text NOT NULL,
	"time_band" text NOT NULL,
	"commitment" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circle_signups_cohort_id_user_id_pk" PRIMARY KEY("cohort_id","user_id"),
	CONSTRAINT "circle_signups_commitment" CHECK ("circle_signups"."commitment" IN ('all', 'most', 'some'))
);
--> statement-breakpoint
CREATE TABLE "circles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "circles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"number" integer NOT NULL,
	"code" text NOT NULL,
	"invite_organisers" boolean DEFAULT false NOT NULL,
	"meeting_at" timestamp with time zone,
	"meeting_note" text DEFAULT '' NOT NULL,
	"offer_at" timestamp with time zone,
	"offer_decision" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "circles_code_unique" UNIQUE("code"),
	CONSTRAINT "circles_offer_decision" CHECK ("circles"."offer_decision" IS NULL OR "circles"."offer_decision" IN ('merge', 'stay'))
);
--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_reads" ADD CONSTRAINT "circle_reads_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_reads" ADD CONSTRAINT "circle_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_signups" ADD CONSTRAINT "circle_signups_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circle_signups" ADD CONSTRAINT "circle_signups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "circles" ADD CONSTRAINT "circles_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "circle_members_one_circle_idx" ON "circle_members" USING btree ("cohort_id","user_id") WHERE "circle_members"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX "circle_members_circle_idx" ON "circle_members" USING btree ("circle_id","left_at");--> statement-breakpoint
CREATE INDEX "circle_members_user_idx" ON "circle_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "circle_reads_circle_idx" ON "circle_reads" USING btree ("circle_id","at");--> statement-breakpoint
CREATE INDEX "circle_reads_user_idx" ON "circle_reads" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "circle_signups_user_idx" ON "circle_signups" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "circles_cohort_number_idx" ON "circles" USING btree ("cohort_id","number");