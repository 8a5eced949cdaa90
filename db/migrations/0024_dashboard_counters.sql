CREATE TABLE "activity_count_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cohort_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"delta" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_counts" (
	"cohort_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_counts_cohort_id_bucket_kind_pk" PRIMARY KEY("cohort_id","bucket","kind")
);
--> statement-breakpoint
ALTER TABLE "thread_count_deltas" ADD COLUMN "last_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "thread_counts" ADD COLUMN "last_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activity_count_deltas" ADD CONSTRAINT "activity_count_deltas_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_counts" ADD CONSTRAINT "activity_counts_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_count_deltas_cohort_idx" ON "activity_count_deltas" USING btree ("cohort_id");--> statement-breakpoint
-- The newest visible comment of each thread, for the organiser's "last activity"
-- without reading every comment of the cohort. A hidden or removed comment sends a delta of
-- -1, and the fold reads such a thread's newest visible comment again.
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
    -- A cohort being deleted takes its counts with it: nothing to count down.
    INSERT INTO thread_count_deltas (cohort_id, thread, room_id, delta)
      SELECT OLD.cohort_id, OLD.thread, OLD.room_id, -1
      WHERE EXISTS (SELECT 1 FROM cohorts WHERE id = OLD.cohort_id);
  ELSE
    INSERT INTO thread_count_deltas (cohort_id, thread, room_id, delta, last_at)
      VALUES (NEW.cohort_id, NEW.thread, NEW.room_id, now_visible - was,
        CASE WHEN now_visible = 1 THEN NEW.created_at END);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Deltas not folded yet first, so every thread has its row before the backfill.
WITH moved AS (DELETE FROM thread_count_deltas RETURNING cohort_id, thread, room_id, delta)
INSERT INTO thread_counts (cohort_id, thread, room_id, comments)
  SELECT cohort_id, thread, min(room_id), sum(delta) FROM moved GROUP BY cohort_id, thread
ON CONFLICT (cohort_id, thread) DO UPDATE SET comments = thread_counts.comments + EXCLUDED.comments;
--> statement-breakpoint
UPDATE thread_counts t SET last_at = c.last_at
  FROM (SELECT cohort_id, thread, max(created_at) AS last_at FROM comments
        WHERE hidden_at IS NULL AND deleted_at IS NULL GROUP BY cohort_id, thread) c
  WHERE c.cohort_id = t.cohort_id AND c.thread = t.thread;
--> statement-breakpoint
CREATE FUNCTION activity_bucket(t timestamptz) RETURNS timestamptz AS $$
  SELECT to_timestamp(floor(extract(epoch FROM t) / 900) * 900)
$$ LANGUAGE sql IMMUTABLE;
--> statement-breakpoint
-- Comments count in the activity chart while visible and in a thread the whole cohort reads
-- (a circle's talk stays private: docs/decisions/019).
CREATE FUNCTION activity_comments_apply() RETURNS trigger AS $$
DECLARE
  was integer := 0;
  now_counted integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.hidden_at IS NULL AND OLD.deleted_at IS NULL
    AND (OLD.thread LIKE 'exhibit:%' OR OLD.thread LIKE 'wall:%' OR OLD.thread LIKE 'carnival:%' OR OLD.thread LIKE 'story:%') THEN
    was := 1;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL
    AND (NEW.thread LIKE 'exhibit:%' OR NEW.thread LIKE 'wall:%' OR NEW.thread LIKE 'carnival:%' OR NEW.thread LIKE 'story:%') THEN
    now_counted := 1;
  END IF;
  IF was = now_counted THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      SELECT OLD.cohort_id, activity_bucket(OLD.created_at), 'comments', -1
      WHERE EXISTS (SELECT 1 FROM cohorts WHERE id = OLD.cohort_id);
  ELSE
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      VALUES (NEW.cohort_id, activity_bucket(NEW.created_at), 'comments', now_counted - was);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER comments_activity_counts
  AFTER INSERT OR DELETE OR UPDATE OF hidden_at, deleted_at, thread ON comments
  FOR EACH ROW EXECUTE FUNCTION activity_comments_apply();
--> statement-breakpoint
CREATE FUNCTION activity_posts_apply() RETURNS trigger AS $$
DECLARE
  was integer := 0;
  now_counted integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.hidden_at IS NULL THEN
    was := 1;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.hidden_at IS NULL THEN
    now_counted := 1;
  END IF;
  IF was = now_counted THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      SELECT OLD.cohort_id, activity_bucket(OLD.created_at), 'posts', -1
      WHERE EXISTS (SELECT 1 FROM cohorts WHERE id = OLD.cohort_id);
  ELSE
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      VALUES (NEW.cohort_id, activity_bucket(NEW.created_at), 'posts', now_counted - was);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER contributions_activity_counts
  AFTER INSERT OR DELETE OR UPDATE OF hidden_at ON contributions
  FOR EACH ROW EXECUTE FUNCTION activity_posts_apply();
--> statement-breakpoint
-- A review counts on the day it was completed; un-completing or re-dating one moves it.
CREATE FUNCTION activity_reviews_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.completed_at IS NOT NULL
    AND (TG_OP = 'DELETE' OR NEW.completed_at IS DISTINCT FROM OLD.completed_at) THEN
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      SELECT OLD.cohort_id, activity_bucket(OLD.completed_at), 'reviews', -1
      WHERE EXISTS (SELECT 1 FROM cohorts WHERE id = OLD.cohort_id);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.completed_at IS NOT NULL
    AND (TG_OP = 'INSERT' OR NEW.completed_at IS DISTINCT FROM OLD.completed_at) THEN
    INSERT INTO activity_count_deltas (cohort_id, bucket, kind, delta)
      VALUES (NEW.cohort_id, activity_bucket(NEW.completed_at), 'reviews', 1);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER reviews_activity_counts
  AFTER INSERT OR DELETE OR UPDATE OF completed_at ON reviews
  FOR EACH ROW EXECUTE FUNCTION activity_reviews_apply();
--> statement-breakpoint
INSERT INTO activity_counts (cohort_id, bucket, kind, n)
  SELECT cohort_id, activity_bucket(created_at), 'comments', count(*) FROM comments
    WHERE hidden_at IS NULL AND deleted_at IS NULL
      AND (thread LIKE 'exhibit:%' OR thread LIKE 'wall:%' OR thread LIKE 'carnival:%' OR thread LIKE 'story:%')
    GROUP BY 1, 2
  UNION ALL
  SELECT cohort_id, activity_bucket(created_at), 'posts', count(*) FROM contributions
    WHERE hidden_at IS NULL GROUP BY 1, 2
  UNION ALL
  SELECT cohort_id, activity_bucket(completed_at), 'reviews', count(*) FROM reviews
    WHERE completed_at IS NOT NULL GROUP BY 1, 2;
