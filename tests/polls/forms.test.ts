// The vote's checks for the kinds the sample content does not exercise through pages: a
// scale takes one of its labelled points, and a required reason has to be there.
import { describe, expect, it } from 'vitest';
import { parsePollBlock } from '../../server/content/polls.ts';
import { checkVote } from '../../server/polls/forms.ts';

const place = { roomId: 'welcome', exhibitId: 'first-look', block: 1, file: 'x.md' };
const pollOf = (yaml: string) => {
  const { poll, problems } = parsePollBlock(yaml, place);
  if (!poll) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return poll;
};

const scale = pollOf(
  [
    'id: confidence',
    'question: How sure are you?',
    'type: scale',
    'options: { 1: Not at all, 2: A little, 3: Quite, 4: Very }',
    'reason: required',
  ].join('\n'),
);

describe('a scale with a required reason', () => {
  it('takes one point and a reason', () => {
    const ok = checkVote(scale, { option: '3', reason: 'Mostly' });
    expect(ok.errors).toEqual({});
    expect(ok.ballots).toEqual([{ question: '', options: ['3'] }]);
    expect(ok.reason).toBe('Mostly');
  });

  it('refuses two points, a point it does not have, and no reason, keeping what was given', () => {
    const two = checkVote(scale, { option: ['2', '3'], reason: 'Both' });
    expect(two.errors.option?.key).toBe('polls.error.onlyOne');
    expect(two.form.chosen['']).toEqual(['2', '3']);
    expect(checkVote(scale, { option: '9', reason: 'x' }).errors.option?.key).toBe(
      'polls.error.noSuchOption',
    );
    const silent = checkVote(scale, { option: '4', reason: '   ' });
    expect(silent.errors.reason?.key).toBe('polls.error.reasonRequired');
    expect(silent.ballots).toBeNull();
    expect(silent.form.chosen['']).toEqual(['4']);
  });
});
