CREATE TABLE "poll_tallies" (
	"cohort_id" integer NOT NULL,
	"poll_id" text NOT NULL,
	"question" text NOT NULL,
	"option" text NOT NULL,
	"position" smallint NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "poll_tallies_cohort_id_poll_id_question_option_position_pk" PRIMARY KEY("cohort_id","poll_id","question","option","position")
);
--> statement-breakpoint
CREATE TABLE "poll_votes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"poll_id" text NOT NULL,
	"question" text DEFAULT '' NOT NULL,
	"user_id" integer NOT NULL,
	"option" text NOT NULL,
	"position" smallint DEFAULT 1 NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poll_votes_position_check" CHECK ("poll_votes"."position" >= 1)
);
--> statement-breakpoint
ALTER TABLE "poll_tallies" ADD CONSTRAINT "poll_tallies_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_votes" ADD CONSTRAINT "poll_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "poll_votes_ballot_option_idx" ON "poll_votes" USING btree ("cohort_id","poll_id","question","user_id","option");--> statement-breakpoint
CREATE INDEX "poll_votes_user_idx" ON "poll_votes" USING btree ("user_id");