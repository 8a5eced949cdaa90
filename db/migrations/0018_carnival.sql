CREATE TABLE "carnival_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "carnival_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"room_id" text NOT NULL,
	"author_id" integer NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"note" text NOT NULL,
	"tag" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "carnival_roundups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "carnival_roundups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"room_id" text NOT NULL,
	"target_room_id" text NOT NULL,
	"body_md" text NOT NULL,
	"body_html" text NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carnival_entries" ADD CONSTRAINT "carnival_entries_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carnival_entries" ADD CONSTRAINT "carnival_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carnival_roundups" ADD CONSTRAINT "carnival_roundups_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carnival_entries_room_idx" ON "carnival_entries" USING btree ("cohort_id","room_id","created_at");--> statement-breakpoint
CREATE INDEX "carnival_entries_author_idx" ON "carnival_entries" USING btree ("author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carnival_roundups_room_idx" ON "carnival_roundups" USING btree ("cohort_id","room_id");--> statement-breakpoint
CREATE INDEX "carnival_roundups_target_idx" ON "carnival_roundups" USING btree ("cohort_id","target_room_id");