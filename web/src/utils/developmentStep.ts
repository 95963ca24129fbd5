// The form of a 发展党员 step: what a step asks for besides its date and
// note, read from the codes the server gives each open step (people, training,
// 公示, the 支部大会 vote, the extension of the admission's approval), the
// checks that the form is complete, the body it sends and the server's field
// errors mapped back onto it. The rules of 发展细则 themselves are the
// server's (internal/development/rules).
import type { Need, PersonRole, StepInput, Voter } from '../api/development';
import type { VoteChoice } from '../api/orglife';
import { PERSON_ROLE } from './development';
import { voteError } from './orglife';
import { isISODate } from './validate';

export interface PeopleNeed {
  role: PersonRole;
  min: number;
  max: number;
  /** Only full members (正式党员) may be named. */
  full: boolean;
}

/** What recording a step asks for besides its date and note. */
export interface StepNeeds {
  people: PeopleNeed | null;
  training: boolean;
  publicity: boolean;
  vote: 'admission' | 'full_membership' | null;
  /** The admission's approval: its 3-month limit may be extended to 6 (须记录延长). */
  extension: boolean;
}

/** The people codes: how many a step names and whether they must be full members (rules/people.go). */
const PEOPLE: Partial<Record<Need, PeopleNeed>> = {
  talkers: { role: 'talker', min: 1, max: 2, full: false },
  contacts: { role: 'contact', min: 1, max: 2, full: true },
  sponsors: { role: 'sponsor', min: 2, max: 2, full: true },
};

/**
 * stepNeeds reads a step's codes. A vote or an approval while the file is
 * still an applicant's is about admission (only that approval's limit may
 * be extended); once admitted (预备党员) it is about 转正.
 */
export function stepNeeds(needs: readonly Need[] | null | undefined, admitted: boolean): StepNeeds {
  const has = (n: Need) => !!needs?.includes(n);
  return {
    people: (needs || []).map((n) => PEOPLE[n]).find((p) => !!p) || null,
    training: has('training'),
    publicity: has('publicity'),
    vote: has('vote') ? (admitted ? 'full_membership' : 'admission') : null,
    extension: has('approval') && !admitted,
  };
}

/** The vote as typed: who was there (by member) and the count. */
export interface VoteForm {
  roster: (Voter & { name: string })[];
  yes: number;
  no: number;
  abstain: number;
  written: Record<string, VoteChoice | ''>;
}

export interface StepForm {
  no: number;
  on: string;
  /** One slot per person to pick; empty slots are "". */
  people: { id: string; name: string }[];
  days: number;
  hours: number;
  publicityStart: string;
  publicityEnd: string;
  vote: VoteForm;
  extended: boolean;
  note: string;
}

export function blankStepForm(no: number, need: StepNeeds, today: string): StepForm {
  return {
    no,
    on: today,
    people: Array.from({ length: need.people ? need.people.max : 0 }, () => ({ id: '', name: '' })),
    days: 0,
    hours: 0,
    publicityStart: '',
    publicityEnd: '',
    vote: { roster: [], yes: 0, no: 0, abstain: 0, written: {} },
    extended: false,
    note: '',
  };
}

/** absentVoters are those with a vote expected but not present: they may hand in 书面意见. */
export function absentVoters(v: VoteForm): VoteForm['roster'] {
  return v.roster.filter((r) => r.has_vote && r.should_attend && !r.present);
}

/**
 * validateStepForm says what is missing, keyed as the server's field errors
 * are (on, people, days, publicity.start, publicity.end, vote). The rules of
 * 发展细则 themselves (time limits, 3 days or 24 hours …) are the server's.
 */
export function validateStepForm(f: StepForm, need: StepNeeds, today: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isISODate(f.on)) e.on = '请选择办理日期';
  else if (f.on > today) e.on = '办理日期不能晚于今天';
  const people = need.people;
  if (people) {
    const picked = f.people.filter((p) => p.id);
    const ids = new Set(picked.map((p) => p.id));
    const what = PERSON_ROLE[people.role];
    if (picked.length < people.min) e.people = people.min === people.max ? `请选择 ${people.min} 名${what}` : `请至少选择 ${people.min} 名${what}`;
    else if (ids.size < picked.length) e.people = `${what}不能重复`;
  }
  if (need.training && f.days <= 0 && f.hours <= 0) e.days = '请填写集中培训的天数或学时';
  if (need.publicity) {
    if (!isISODate(f.publicityStart)) e['publicity.start'] = '请选择公示开始日期';
    if (!isISODate(f.publicityEnd)) e['publicity.end'] = '请选择公示结束日期';
    else if (f.publicityEnd < f.publicityStart) e['publicity.end'] = '公示结束日期不能早于开始日期';
  }
  if (need.vote) {
    const present = f.vote.roster.filter((r) => r.has_vote && r.present).length;
    const why = f.vote.roster.length ? voteError(f.vote, present) : '请先载入参加支部大会的党员名单';
    if (why) e.vote = why;
  }
  return e;
}

/** stepInput is the POST body of a step: only what the step asks for. */
export function stepInput(f: StepForm, need: StepNeeds): StepInput {
  const body: StepInput = {
    no: f.no,
    on: f.on,
    people: need.people ? f.people.filter((p) => p.id).map((p) => ({ member_id: p.id, role: need.people!.role })) : [],
    hours: need.training ? f.hours : 0,
    days: need.training ? f.days : 0,
    file_ids: [],
    note: f.note.trim(),
    extended: need.extension && f.extended,
  };
  if (need.publicity) body.publicity = { start: f.publicityStart, end: f.publicityEnd };
  if (need.vote) {
    body.vote = {
      voters: f.vote.roster.map(({ member_id, has_vote, should_attend, present }) => ({ member_id, has_vote, should_attend, present })),
      ballot: {
        kind: need.vote,
        yes: f.vote.yes,
        no: f.vote.no,
        abstain: f.vote.abstain,
        written: absentVoters(f.vote)
          .filter((r) => f.vote.written[r.member_id])
          .map((r) => ({ member_id: r.member_id, choice: f.vote.written[r.member_id] as VoteChoice })),
      },
    };
  }
  return body;
}

/** fieldsOf maps the server's field errors onto the form's keys (people[1].member_id → people). */
export function fieldsOf(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = k.startsWith('publicity.') ? k : k.replace(/[.[].*$/, '');
    if (!(key in out)) out[key] = v;
  }
  return out;
}
