CREATE TABLE "thread_count_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"thread" text NOT NULL,
	"room_id" text NOT NULL,
	"delta" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "thread_count_deltas" ADD CONSTRAINT "thread_count_deltas_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "thread_count_deltas_room_idx" ON "thread_count_deltas" USING btree ("cohort_id","room_id");--> statement-breakpoint
-- The trigger now appends a delta instead of updating the thread's row: every post to a
-- thread used to wait for the previous post's commit on that one row. Readers fold the
-- deltas in (server/conversation/queries.ts, countRoomComments).
CREATE OR REPLACE FUNCTION thread_counts_apply() RETURNS trigger AS $$
DECLARE
  was integer := 0;
  now_visible integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.hidden_at IS NULL AND OLD.deleted_at IS NULL THEN
    was := 1;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL THEN
    now_visible := 1;
  END IF;
  IF was = now_visible THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO thread_count_deltas (cohort_id, thread, room_id, delta)
      VALUES (OLD.cohort_id, OLD.thread, OLD.room_id, -1);
  ELSE
    INSERT INTO thread_count_deltas (cohort_id, thread, room_id, delta)
      VALUES (NEW.cohort_id, NEW.thread, NEW.room_id, now_visible - was);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
