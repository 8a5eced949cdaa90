CREATE TABLE "contribution_flags" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contribution_flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"contribution_id" integer NOT NULL,
	"user_id" integer,
	"reason" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contribution_likes" (
	"contribution_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contribution_likes_contribution_id_user_id_pk" PRIMARY KEY("contribution_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "contribution_flags" ADD CONSTRAINT "contribution_flags_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_flags" ADD CONSTRAINT "contribution_flags_contribution_id_contributions_id_fk" FOREIGN KEY ("contribution_id") REFERENCES "public"."contributions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_flags" ADD CONSTRAINT "contribution_flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_likes" ADD CONSTRAINT "contribution_likes_contribution_id_contributions_id_fk" FOREIGN KEY ("contribution_id") REFERENCES "public"."contributions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_likes" ADD CONSTRAINT "contribution_likes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_flags_contribution_user_idx" ON "contribution_flags" USING btree ("contribution_id","user_id");--> statement-breakpoint
CREATE INDEX "contribution_flags_open_idx" ON "contribution_flags" USING btree ("cohort_id","created_at") WHERE "contribution_flags"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "contribution_flags_user_idx" ON "contribution_flags" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "contribution_likes_user_idx" ON "contribution_likes" USING btree ("user_id");