-- Keeps thread_counts.comments equal to the number of visible comments (not hidden, not
-- removed) of each thread, whatever changes a comment: insert, edit, removal, moderation,
-- deletion. A trigger, so no code path can forget it.
CREATE FUNCTION thread_counts_apply() RETURNS trigger AS $$
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
    UPDATE thread_counts SET comments = comments - 1
      WHERE cohort_id = OLD.cohort_id AND thread = OLD.thread;
  ELSE
    INSERT INTO thread_counts (cohort_id, thread, room_id, comments)
      VALUES (NEW.cohort_id, NEW.thread, NEW.room_id, now_visible - was)
      ON CONFLICT (cohort_id, thread)
      DO UPDATE SET comments = thread_counts.comments + (now_visible - was);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER comments_thread_counts
  AFTER INSERT OR DELETE OR UPDATE OF hidden_at, deleted_at ON comments
  FOR EACH ROW EXECUTE FUNCTION thread_counts_apply();
--> statement-breakpoint
INSERT INTO thread_counts (cohort_id, thread, room_id, comments)
  SELECT cohort_id, thread, min(room_id), count(*) FILTER (WHERE hidden_at IS NULL AND deleted_at IS NULL)
    FROM comments GROUP BY cohort_id, thread
  ON CONFLICT DO NOTHING;
