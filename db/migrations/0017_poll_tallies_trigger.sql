-- Keeps poll_tallies equal to the count of poll_votes per (cohort, poll, question, option,
-- position), whatever adds or removes a vote: voting, changing an answer, leaving, deleting an
-- account (the cascade fires this too). Voting takes a per-poll advisory lock first, so the
-- upserts here never wait on each other in opposite orders.
CREATE FUNCTION poll_tallies_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE poll_tallies SET votes = votes - 1
      WHERE cohort_id = OLD.cohort_id AND poll_id = OLD.poll_id AND question = OLD.question
        AND option = OLD.option AND position = OLD.position;
    RETURN NULL;
  END IF;
  INSERT INTO poll_tallies (cohort_id, poll_id, question, option, position, votes)
    VALUES (NEW.cohort_id, NEW.poll_id, NEW.question, NEW.option, NEW.position, 1)
    ON CONFLICT (cohort_id, poll_id, question, option, position)
    DO UPDATE SET votes = poll_tallies.votes + 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER poll_votes_tallies
  AFTER INSERT OR DELETE ON poll_votes
  FOR EACH ROW EXECUTE FUNCTION poll_tallies_apply();
