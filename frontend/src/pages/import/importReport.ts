// What an import said, made readable: the summary of a dry run or a real import, and the row
// errors of a refused one (ErrorBody.errors on a 422 `import_invalid`).
import { ApiError, describeError } from '../../api/client';
import type { ImportSummary } from '../../api/queries/imports';
import type { components } from '../../api/schema';
import type { ErrorBody } from '../../api/types';
import { formatCount } from '../../charts/format';

type RowError = components['schemas']['RowError'];

/** One problem of a refused import (the spec's `RowError`, with absent places as `null`). */
export type ImportProblem = Required<{ [K in keyof RowError]: Exclude<RowError[K], undefined> }>;

/** The problems listed in an error body (none when the body carries no row errors). */
export function importProblems(body: ErrorBody | null | undefined): ImportProblem[] {
  return (body?.errors ?? []).map((e) => ({ ...e, row: e.row ?? null, column: e.column ?? null }));
}

/** Words for the codes of crates/import/MAPPING.md; an unknown code shows as it is. */
const CODE_WORDS: Record<string, string> = {
  missing_field: 'A required mapping key is missing',
  conflicting_fields: 'Two mapping keys exclude each other',
  unused_field: 'A mapping key the importance form does not use',
  empty_value: 'A mapping value is blank',
  bad_column_reference: 'A malformed column reference',
  column_not_found: 'A column of the mapping is not in the file',
  ambiguous_column: 'A column name occurs twice in the header',
  duplicate_key: 'Two categories or indicators share a key',
  duplicate_column: 'One column is mapped twice',
  duplicate_pick_code: 'Two categories share a pick code',
  no_categories: 'The mapping has no category',
  bad_scale: 'A scale that cannot work',
  bad_k: 'A pick count below 1',
  unknown_encoding: 'An unknown encoding',
  bad_header_rows: 'Header rows that do not fit together',
  bad_role: 'A contact role that is no role',
  bad_template: 'A name template with an unknown placeholder',
  bad_date_format: 'A date format that cannot be used',
  dont_know_in_scale: 'A “don’t know” code inside the scale',
  invalid_utf8: 'Bytes that are not UTF-8',
  malformed_input: 'Bytes that do not decode in the named encoding',
  nul_character: 'A NUL character',
  empty_file: 'The file is empty',
  missing_header_rows: 'Fewer rows than the header needs',
  no_data_rows: 'No data rows',
  ragged_row: 'A row with the wrong number of columns',
  csv_error: 'The CSV cannot be read',
  not_an_integer: 'A rating that is not a whole number',
  out_of_scale: 'A rating outside its scale',
  missing_account_key: 'A blank account key',
  missing_contact_id: 'A blank contact id',
  missing_account_manager: 'A blank account manager',
  missing_cycle: 'A blank cycle',
  missing_response_id: 'A blank response id',
  unknown_pick_code: 'A pick code that is no category’s',
  too_many_picks: 'More picks than allowed',
  bad_datetime: 'A submission time that does not match its format',
  bad_number: 'An annual value that is not a number',
  duplicate_response_id: 'A response id used twice',
  duplicate_contact_in_cycle: 'A contact answering twice in one cycle',
  contact_in_two_accounts: 'A contact under two accounts',
  too_many_errors: 'More problems than the report lists',
};

export function codeText(code: string): string {
  return CODE_WORDS[code] ?? code.replace(/_/g, ' ');
}

export interface ProblemGroup {
  code: string;
  label: string;
  /** Problems with this code. */
  count: number;
  /** Distinct file lines they are on (0 for mapping problems). */
  lines: number;
  /** The columns concerned, in first-seen order. */
  columns: string[];
}

/** The code of the last entry of a report cut at 1,000 problems, which counts the rest. */
export const TOO_MANY = 'too_many_errors';

export interface ProblemCount {
  /** Problems listed in the report. */
  listed: number;
  /** Problems found in all; `null` when the report was cut and did not say how many more. */
  total: number | null;
}

/** How many problems the import has, including those past the report's 1,000. */
export function problemCount(problems: readonly ImportProblem[]): ProblemCount {
  const listed = problems.filter((p) => p.code !== TOO_MANY).length;
  const cut = problems.find((p) => p.code === TOO_MANY);
  if (!cut) return { listed, total: listed };
  const more = /(\d+) more/.exec(cut.message)?.[1];
  return { listed, total: more === undefined ? null : listed + Number(more) };
}

/** "1 problem", "1,200 problems (the first 1,000 listed)", "more than 1,000 problems". */
export function problemCountText({ listed, total }: ProblemCount): string {
  if (total === null) return `More than ${formatCount(listed)} problems`;
  const words = total === 1 ? '1 problem' : `${formatCount(total)} problems`;
  return total > listed ? `${words} (the first ${formatCount(listed)} listed)` : words;
}

/** The problems by code, the most frequent first: what to fix, at a glance. */
export function problemGroups(problems: readonly ImportProblem[]): ProblemGroup[] {
  const groups = new Map<string, { count: number; lines: Set<number>; columns: string[] }>();
  for (const p of problems) {
    if (p.code === TOO_MANY) continue;
    const group = groups.get(p.code) ?? { count: 0, lines: new Set<number>(), columns: [] };
    group.count += 1;
    if (p.row !== null) group.lines.add(p.row);
    if (p.column !== null && !group.columns.includes(p.column)) group.columns.push(p.column);
    groups.set(p.code, group);
  }
  return [...groups.entries()]
    .map(([code, g]) => ({
      code,
      label: codeText(code),
      count: g.count,
      lines: g.lines.size,
      columns: g.columns,
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

function csvCell(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The problems as a CSV file, to fix the export in a spreadsheet. */
export function problemsCsv(problems: readonly ImportProblem[]): string {
  const header = ['line', 'column', 'field', 'code', 'message'];
  const rows = problems.map((p) =>
    [p.row, p.column, p.field, p.code, p.message].map(csvCell).join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}

export interface SummaryItem {
  label: string;
  value: string;
  /** Whether the number is a change to what is stored (for emphasis). */
  change: boolean;
}

export interface SummaryGroup {
  title: string;
  items: SummaryItem[];
}

/** The summary as labelled counts, in groups: the answers, then what is new around them. */
export function summaryGroups(s: ImportSummary): SummaryGroup[] {
  const item = (label: string, n: number, change = true): SummaryItem => ({
    label,
    value: formatCount(n),
    change: change && n > 0,
  });
  return [
    {
      title: 'Answers',
      items: [
        item('Data rows read', s.rows, false),
        item('New responses', s.responses_inserted),
        item('Changed responses', s.responses_updated),
        item('Unchanged responses', s.responses_unchanged, false),
      ],
    },
    {
      title: 'New in Gapscope',
      items: [
        item('Cycles', s.cycles_created),
        item('Account managers', s.account_managers_created),
        item('Accounts', s.accounts_created),
        item('Contacts', s.contacts_created),
        item('Categories', s.categories_created),
        item('Indicators', s.indicators_created),
        item('Owner assignments recorded', s.assignments_changed),
      ],
    },
  ];
}

/** One sentence for the whole summary. */
export function summarySentence(s: ImportSummary): string {
  const changes = s.responses_inserted + s.responses_updated;
  const rows = `${formatCount(s.rows)} data ${s.rows === 1 ? 'row' : 'rows'}`;
  if (changes === 0) {
    return s.dry_run
      ? `${rows} read. Every response is already stored exactly as in the file: committing would change nothing.`
      : `${rows} read. Every response was already stored exactly as in the file: nothing changed.`;
  }
  const parts = [
    s.responses_inserted > 0 ? `${formatCount(s.responses_inserted)} new` : null,
    s.responses_updated > 0 ? `${formatCount(s.responses_updated)} changed` : null,
  ].filter((p): p is string => p !== null);
  const responses = `${parts.join(' and ')} ${changes === 1 ? 'response' : 'responses'}`;
  return s.dry_run
    ? `${rows} read: committing would store ${responses}.`
    : `${rows} read: ${responses} stored.`;
}

export interface ImportFailure {
  /** What happened, in a sentence. */
  title: string;
  /** The server's own words, when they help (a TOML parse error with its caret); preformatted. */
  detail: string | null;
}

/** The server's message without its leading `field: `. */
function reason(body: ErrorBody): string {
  const message = body.message.trim();
  return body.field && message.startsWith(`${body.field}: `)
    ? message.slice(body.field.length + 2)
    : message;
}

/** A refused import (other than the row errors, which have their table) in plain words. */
export function importFailure(error: unknown): ImportFailure {
  if (error instanceof ApiError && error.body) {
    const body = error.body;
    switch (error.status) {
      case 400:
        if (body.field === 'mapping') {
          return {
            title: 'The mapping file could not be read. Nothing was written.',
            detail: reason(body).trim(),
          };
        }
        if (body.field === 'file') {
          return {
            title: `The survey file could not be read: ${reason(body).replace(/\.$/, '')}. Nothing was written.`,
            detail: null,
          };
        }
        break;
      case 409: {
        const where = body.field ? ` (${body.field})` : '';
        return {
          title: `The file does not fit what is already stored${where}: ${reason(body).replace(/\.$/, '')}. Nothing was written.`,
          detail: null,
        };
      }
      case 413:
        return {
          title: `${describeError(error)} Nothing was written; split the export into smaller files.`,
          detail: null,
        };
    }
  }
  return { title: describeError(error), detail: null };
}
