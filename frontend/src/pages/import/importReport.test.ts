import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/client';
import type { ErrorBody } from '../../api/types';
import { importSummary } from './fixtures';
import {
  codeText,
  importFailure,
  importProblems,
  problemCount,
  problemCountText,
  problemGroups,
  problemsCsv,
  summaryGroups,
  summarySentence,
} from './importReport';

/** The 422 body of e2e/fixtures/import-bad-rating.csv, plus a mapping problem. */
function invalid(errors: unknown[]): ErrorBody {
  return {
    code: 'import_invalid',
    message: 'the import failed validation; nothing was written (every problem is in `errors`)',
    errors: errors as ErrorBody['errors'],
  };
}

const OUT_OF_SCALE = {
  code: 'out_of_scale',
  column: 'Communication',
  field: 'categories[0].performance',
  message: '7 is outside the scale 1-5 and no "don\'t know" code is set',
  row: 3,
};

const NOT_FOUND = {
  code: 'column_not_found',
  column: null,
  field: 'categories[1].performance',
  message: 'column "Comms" not found in header row 1',
  row: null,
};

describe('importProblems', () => {
  it('reads the row errors of a refused import', () => {
    expect(importProblems(invalid([OUT_OF_SCALE, NOT_FOUND]))).toEqual([
      {
        row: 3,
        column: 'Communication',
        field: 'categories[0].performance',
        code: 'out_of_scale',
        message: OUT_OF_SCALE.message,
      },
      {
        row: null,
        column: null,
        field: 'categories[1].performance',
        code: 'column_not_found',
        message: NOT_FOUND.message,
      },
    ]);
  });

  it('reads bodies without row errors as none, and absent places as null', () => {
    expect(importProblems(null)).toEqual([]);
    expect(importProblems({ code: 'conflict', message: 'x' })).toEqual([]);
    expect(importProblems({ code: 'import_invalid', message: 'x', errors: null })).toEqual([]);
    expect(
      importProblems({
        code: 'import_invalid',
        message: 'x',
        errors: [{ field: 'cycle', code: 'missing_field', message: 'no cycle' }],
      }),
    ).toEqual([
      { row: null, column: null, field: 'cycle', code: 'missing_field', message: 'no cycle' },
    ]);
  });
});

describe('problemGroups', () => {
  it('groups by code, most frequent first, counting lines and columns', () => {
    const problems = importProblems(
      invalid([
        OUT_OF_SCALE,
        { ...OUT_OF_SCALE, row: 9 },
        { ...OUT_OF_SCALE, row: 9, column: 'Responsiveness' },
        NOT_FOUND,
      ]),
    );
    expect(problemGroups(problems)).toEqual([
      {
        code: 'out_of_scale',
        label: 'A rating outside its scale',
        count: 3,
        lines: 2,
        columns: ['Communication', 'Responsiveness'],
      },
      {
        code: 'column_not_found',
        label: 'A column of the mapping is not in the file',
        count: 1,
        lines: 0,
        columns: [],
      },
    ]);
  });

  it('names unknown codes readably', () => {
    expect(codeText('brand_new_check')).toBe('brand new check');
  });
});

describe('problemCount', () => {
  const cut = {
    code: 'too_many_errors',
    column: null,
    field: '',
    message: 'and 3954 more errors not listed (a report lists at most 1000)',
    row: null,
  };

  it('adds the problems past the report’s limit', () => {
    const problems = importProblems(invalid([OUT_OF_SCALE, NOT_FOUND, cut]));
    expect(problemCount(problems)).toEqual({ listed: 2, total: 3956 });
    expect(problemCountText(problemCount(problems))).toBe('3,956 problems (the first 2 listed)');
    expect(problemGroups(problems).map((g) => g.code)).toEqual([
      'column_not_found',
      'out_of_scale',
    ]);
  });

  it('counts a plain report as it is', () => {
    expect(problemCountText(problemCount(importProblems(invalid([OUT_OF_SCALE]))))).toBe(
      '1 problem',
    );
    expect(problemCountText(problemCount(importProblems(invalid([OUT_OF_SCALE, NOT_FOUND]))))).toBe(
      '2 problems',
    );
  });

  it('says "more than" when the rest is not counted', () => {
    const problems = importProblems(invalid([OUT_OF_SCALE, { ...cut, message: 'and others' }]));
    expect(problemCountText(problemCount(problems))).toBe('More than 1 problems');
  });
});

describe('problemsCsv', () => {
  it('writes a CSV with quoting where needed', () => {
    expect(problemsCsv(importProblems(invalid([OUT_OF_SCALE, NOT_FOUND])))).toBe(
      'line,column,field,code,message\r\n' +
        '3,Communication,categories[0].performance,out_of_scale,"7 is outside the scale 1-5 and no ""don\'t know"" code is set"\r\n' +
        ',,categories[1].performance,column_not_found,"column ""Comms"" not found in header row 1"\r\n',
    );
  });
});

describe('summaries', () => {
  it('lists every count, marking changes', () => {
    const [answers, created] = summaryGroups(importSummary());
    expect(answers?.items.map((i) => [i.label, i.value, i.change])).toEqual([
      ['Data rows read', '3', false],
      ['New responses', '3', true],
      ['Changed responses', '0', false],
      ['Unchanged responses', '0', false],
    ]);
    expect(created?.items.map((i) => i.label)).toEqual([
      'Cycles',
      'Account managers',
      'Accounts',
      'Contacts',
      'Categories',
      'Indicators',
      'Owner assignments recorded',
    ]);
  });

  it('says what committing would do, and what it did', () => {
    expect(summarySentence(importSummary())).toBe(
      '3 data rows read: committing would store 3 new responses.',
    );
    expect(
      summarySentence(
        importSummary({ dry_run: false, responses_inserted: 1, responses_updated: 1 }),
      ),
    ).toBe('3 data rows read: 1 new and 1 changed responses stored.');
    expect(
      summarySentence(
        importSummary({ rows: 2477, responses_inserted: 0, responses_unchanged: 2477 }),
      ),
    ).toBe(
      '2,477 data rows read. Every response is already stored exactly as in the file: committing would change nothing.',
    );
  });
});

describe('importFailure', () => {
  it('shows a mapping that cannot be parsed with the parser’s own words', () => {
    const error = new ApiError(400, {
      code: 'invalid_parameter',
      field: 'mapping',
      message:
        'mapping: mapping (TOML): TOML parse error at line 1, column 25\n  |\n1 | cycle = { constant = "x" \n  |                         ^\nunclosed inline table, expected `}`\n',
    });
    const failure = importFailure(error);
    expect(failure.title).toBe('The mapping file could not be read. Nothing was written.');
    expect(failure.detail?.split('\n')[0]).toBe(
      'mapping (TOML): TOML parse error at line 1, column 25',
    );
  });

  it('explains a conflict with stored data', () => {
    const error = new ApiError(409, {
      code: 'conflict',
      field: 'cycles[2015].performance_scale',
      message:
        'cycles[2015].performance_scale: the cycle was stored with performance on 1-5; the file says 1-10',
    });
    expect(importFailure(error)).toEqual({
      title:
        'The file does not fit what is already stored (cycles[2015].performance_scale): the cycle was stored with performance on 1-5; the file says 1-10. Nothing was written.',
      detail: null,
    });
  });

  it('gives the size limit of a refused upload', () => {
    const error = new ApiError(413, {
      code: 'payload_too_large',
      message: 'request body is larger than the limit of 33554432 bytes',
    });
    expect(importFailure(error).title).toBe(
      'The upload is too large: the server accepts at most 32 MiB. Nothing was written; split the export into smaller files.',
    );
  });

  it('falls back to the app’s plain words', () => {
    expect(importFailure(ApiError.network(new TypeError('x'))).title).toBe(
      'Gapscope could not be reached. Check your connection, then try again.',
    );
  });
});
