import { parseLooseDate } from './dates.js';

/**
 * What a plain-text story file holds, before it gets an id: the layout of stories
 * saved from news sites ("Updated …" line, title, standfirst, "Reported by:",
 * body with "Read: …" and "Advertisement" lines, "Published …" line).
 */
export interface StoryFields {
  title: string;
  body: string;
  date?: string;
  rawDate?: string;
  updated?: string;
  author?: string;
}

type LineRule =
  | { kind: 'published' | 'updated'; pattern: RegExp }
  | { kind: 'author'; pattern: RegExp }
  | { kind: 'boilerplate'; pattern: RegExp };

// A person's name as bylines print it: capitalised words, with the particles of
// European and Arabic names ("Ursula von der Leyen", "Ana de Souza"). Bounded, no nesting.
const NAME = String.raw`\p{Lu}[\p{L}.'’-]{0,30}(?:\s(?:(?:de|da|van|von|der|den|del|al|bin|le|la)\s){0,2}\p{Lu}[\p{L}.'’-]{0,30}){0,4}`;

// Every rule that gives a line a meaning, in the order they are tried, decided from the
// layouts of saved stories (../shared/seeds and the sites they come from). Each pattern is
// anchored and has no nested unbounded quantifiers, so a hostile line costs linear time.
const LINE_RULES: readonly LineRule[] = [
  // "Published September 12th, 2020 at 02:54 IST", "First published on: 12 Sept 2020, 9:05 pm".
  { kind: 'published', pattern: /^(?:First )?Published(?: on)?:?\s+(.{1,80})$/i },
  // "Updated September 12th, 2020 at 02:54 IST", "Last updated: …".
  { kind: 'updated', pattern: /^(?:Last )?Updated(?: on)?:?\s+(.{1,80})$/i },
  // "Reported by: Shubham Bose", "Written by Jane Roe".
  { kind: 'author', pattern: /^(?:Reported|Written|Posted) by:?\s*(.{1,120})$/i },
  // "By Tom Reyes", "By Ana de Souza and Li Wei", "By Jane Roe, Reuters": names only, so that a
  // sentence starting "By Monday the river had…" stays in the body.
  {
    kind: 'author',
    pattern: new RegExp(String.raw`^By:?\s+(${NAME}(?:(?:,\s|\sand\s|\s&\s)${NAME}){0,3})$`, 'u'),
  },
  // A site's ad slot marker, alone on its line.
  { kind: 'boilerplate', pattern: /^(?:Advertisement|ADVERTISEMENT|Sponsored|Story continues below advertisement)$/i },
  // Links to related stories inserted between paragraphs: "Read: …", "Also Read | …".
  { kind: 'boilerplate', pattern: /^(?:Read|Also read|Read more|Read also|Also see|Related)\s?[:|]\s/i },
  // Photo credits: "(Image Credit AP)", "(Image Credits: PTI)", "| Image:self", "Image credit: Reuters".
  { kind: 'boilerplate', pattern: /^\(Image Credits?:?\s[^)]{0,200}\)$/i },
  { kind: 'boilerplate', pattern: /^\|\s*Image\s*:/i },
  { kind: 'boilerplate', pattern: /^(?:Image|Photo) credits?:\s/i },
];

/** Reads a plain-text story. Returns the fields found; the caller decides whether they are enough. */
export function parseStoryText(text: string): StoryFields {
  const paragraphs: string[] = [];
  let title = '';
  let published: string | undefined;
  let updated: string | undefined;
  let author: string | undefined;

  // Lines of one block (no blank line between them) are one hard-wrapped paragraph.
  let continuesParagraph = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+/g, ' ').trim();
    const rule = line === '' ? undefined : LINE_RULES.find((candidate) => candidate.pattern.test(line));
    if (line === '' || rule !== undefined) continuesParagraph = false;
    if (line === '') continue;
    if (rule === undefined) {
      if (title === '') title = line;
      else if (continuesParagraph) paragraphs[paragraphs.length - 1] += ` ${line}`;
      else {
        paragraphs.push(line);
        continuesParagraph = true;
      }
      continue;
    }
    const value = rule.pattern.exec(line)?.[1]?.trim();
    if (rule.kind === 'published') published = value;
    else if (rule.kind === 'updated') updated = value;
    else if (rule.kind === 'author' && author === undefined) author = value;
  }

  const fields: StoryFields = { title, body: paragraphs.join('\n\n') };
  if (author !== undefined && author !== '') fields.author = author;
  Object.assign(fields, readDates(published, updated));
  return fields;
}

// The publication date is the article's date; without one, the update date stands in
// for it, so that a story saved without its "Published" line is still placed in time.
function readDates(published: string | undefined, updated: string | undefined): Partial<StoryFields> {
  const dates: Partial<StoryFields> = {};
  const updatedInstant = updated === undefined ? undefined : parseLooseDate(updated);
  if (updatedInstant !== undefined) dates.updated = updatedInstant;
  const raw = published ?? updated;
  if (raw === undefined) return dates;
  const instant = published === undefined ? updatedInstant : parseLooseDate(published);
  if (instant === undefined) dates.rawDate = raw;
  else dates.date = instant;
  return dates;
}
