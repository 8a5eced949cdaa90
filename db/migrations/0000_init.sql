CREATE TABLE "cohorts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cohorts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"course_id" text NOT NULL,
	"starts_on" date NOT NULL,
	"timezone" text DEFAULT 'Europe/Amsterdam' NOT NULL,
	"enrolment_open" boolean DEFAULT true NOT NULL,
	"capacity" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohorts_slug_unique" UNIQUE("slug"),
	CONSTRAINT "cohorts_capacity_positive" CHECK ("cohorts"."capacity" IS NULL OR "cohorts"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "room_openings" (
	"cohort_id" integer NOT NULL,
	"room_id" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_openings_cohort_id_room_id_pk" PRIMARY KEY("cohort_id","room_id")
);
--> statement-breakpoint
ALTER TABLE "room_openings" ADD CONSTRAINT "room_openings_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohorts_course_id_idx" ON "cohorts" USING btree ("course_id");