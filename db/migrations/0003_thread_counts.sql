CREATE TABLE "thread_counts" (
	"cohort_id" integer NOT NULL,
	"thread" text NOT NULL,
	"room_id" text NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "thread_counts_cohort_id_thread_pk" PRIMARY KEY("cohort_id","thread")
);
--> statement-breakpoint
ALTER TABLE "thread_counts" ADD CONSTRAINT "thread_counts_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thread_counts_room_idx" ON "thread_counts" USING btree ("cohort_id","room_id");