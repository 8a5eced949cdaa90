CREATE TABLE "live_flags" (
	"message_id" bigint NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_flags_message_id_user_id_pk" PRIMARY KEY("message_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "live_highlights" (
	"message_id" bigint PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"author_id" integer,
	"kind" text DEFAULT 'message' NOT NULL,
	"step" integer NOT NULL,
	"reply_to" bigint,
	"body_md" text NOT NULL,
	"body_html" text NOT NULL,
	"hidden_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_messages_kind" CHECK ("live_messages"."kind" IN ('message', 'question', 'welcome'))
);
--> statement-breakpoint
CREATE TABLE "live_question_votes" (
	"question_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_question_votes_question_id_user_id_pk" PRIMARY KEY("question_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "live_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"session_id" integer NOT NULL,
	"author_id" integer,
	"body" text NOT NULL,
	"vote_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"cohort_id" integer NOT NULL,
	"room_id" text NOT NULL,
	"starts_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"step" integer DEFAULT -1 NOT NULL,
	"step_started_at" timestamp with time zone,
	"step_extra_minutes" integer DEFAULT 0 NOT NULL,
	"slow_seconds" integer DEFAULT 0 NOT NULL,
	"story_md" text,
	"story_html" text,
	"story_asked_at" timestamp with time zone,
	"story_published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_sessions_slow" CHECK ("live_sessions"."slow_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "live_story_quotes" (
	"message_id" bigint PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"user_id" integer,
	"told_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "live_flags" ADD CONSTRAINT "live_flags_message_id_live_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."live_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_flags" ADD CONSTRAINT "live_flags_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_highlights" ADD CONSTRAINT "live_highlights_message_id_live_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."live_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_highlights" ADD CONSTRAINT "live_highlights_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_highlights" ADD CONSTRAINT "live_highlights_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_messages" ADD CONSTRAINT "live_messages_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_messages" ADD CONSTRAINT "live_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_messages" ADD CONSTRAINT "live_messages_reply_to_live_messages_id_fk" FOREIGN KEY ("reply_to") REFERENCES "public"."live_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_question_votes" ADD CONSTRAINT "live_question_votes_question_id_live_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."live_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_question_votes" ADD CONSTRAINT "live_question_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_questions" ADD CONSTRAINT "live_questions_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_questions" ADD CONSTRAINT "live_questions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_sessions" ADD CONSTRAINT "live_sessions_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_story_quotes" ADD CONSTRAINT "live_story_quotes_message_id_live_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."live_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_story_quotes" ADD CONSTRAINT "live_story_quotes_session_id_live_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."live_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_story_quotes" ADD CONSTRAINT "live_story_quotes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_flags_user_idx" ON "live_flags" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "live_highlights_session_idx" ON "live_highlights" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE INDEX "live_highlights_by_idx" ON "live_highlights" USING btree ("by_id");--> statement-breakpoint
CREATE INDEX "live_messages_session_idx" ON "live_messages" USING btree ("session_id","id");--> statement-breakpoint
CREATE INDEX "live_messages_author_idx" ON "live_messages" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "live_messages_reply_idx" ON "live_messages" USING btree ("reply_to");--> statement-breakpoint
CREATE INDEX "live_question_votes_user_idx" ON "live_question_votes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "live_questions_session_idx" ON "live_questions" USING btree ("session_id","vote_count");--> statement-breakpoint
CREATE INDEX "live_questions_author_idx" ON "live_questions" USING btree ("author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "live_sessions_room_idx" ON "live_sessions" USING btree ("cohort_id","room_id");--> statement-breakpoint
CREATE INDEX "live_story_quotes_session_idx" ON "live_story_quotes" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "live_story_quotes_user_idx" ON "live_story_quotes" USING btree ("user_id");