// `/import`: a survey export and its mapping, checked with a dry run (nothing written), every
// problem listed when the file is refused, then committed: exactly the bytes that were checked.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../../api/client';
import { useImport, type ImportFiles, type ImportSummary } from '../../api/queries/imports';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount } from '../../charts/format';
import { DataTable, type Column } from '../../components/DataTable';
import { Loading } from '../../components/Loading';
import {
  importFailure,
  importProblems,
  problemCount,
  problemCountText,
  problemGroups,
  problemsCsv,
  TOO_MANY,
  summaryGroups,
  summarySentence,
  type ImportProblem,
} from './importReport';
import { fileSize, snapshot } from './importFiles';
import './import.css';

type Picked = { [Part in keyof ImportFiles]: File | null };

export function ImportPage() {
  usePageTitle('Import surveys');
  const [picked, setPicked] = useState<Picked>({ mapping: null, file: null });
  const [checked, setChecked] = useState<ImportFiles | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const check = useImport();
  const commit = useImport();

  const choose = (part: keyof ImportFiles, file: File | null) => {
    setPicked((p) => ({ ...p, [part]: file }));
    // Another file makes the last report stale: start over.
    setChecked(null);
    setReading(null);
    check.reset();
    commit.reset();
  };

  const runCheck = async () => {
    if (!picked.mapping || !picked.file) return;
    commit.reset();
    setReading(null);
    let files: ImportFiles;
    try {
      files = await snapshot({ mapping: picked.mapping, file: picked.file });
    } catch {
      setReading('The chosen files could not be read by the browser. Choose them again.');
      return;
    }
    setChecked(files);
    check.mutate({ files, dryRun: true });
  };

  const runCommit = () => {
    if (checked) commit.mutate({ files: checked, dryRun: false });
  };

  const ready = picked.mapping !== null && picked.file !== null;
  const dryRun = check.data;

  return (
    <section className="page import-page" aria-labelledby="import-title">
      <header className="page__header">
        <h1 id="import-title">Import surveys</h1>
        <p className="page__subtitle">
          Add a survey export to your organization: choose the file and its mapping, check them with
          a dry run, then commit.
        </p>
      </header>

      <section className="panel" aria-labelledby="import-files-title">
        <div className="panel__header">
          <h2 id="import-files-title">1. Choose the files</h2>
        </div>
        <form
          className="import-form"
          onSubmit={(e) => {
            e.preventDefault();
            void runCheck();
          }}
        >
          <FilePicker
            label="Survey export (CSV)"
            help="The export of your survey tool, one response per row, with its header row."
            accept=".csv,text/csv"
            file={picked.file}
            onChoose={(f) => choose('file', f)}
          />
          <FilePicker
            label="Mapping (TOML or JSON)"
            help="Says which columns hold the cycle, the account, the account manager, the contact and each rating (see MAPPING.md in the Gapscope documentation). One mapping fits every export of the same survey."
            accept=".toml,.json,application/json,application/toml"
            file={picked.mapping}
            onChoose={(f) => choose('mapping', f)}
          />
          <div className="import-form__actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={!ready || check.isPending || commit.isPending}
            >
              {check.isPending ? 'Checking…' : 'Check the import (dry run)'}
            </button>
            <span className="muted">
              {ready
                ? 'A dry run reads every row and writes nothing.'
                : 'Choose both files to check them.'}
            </span>
          </div>
        </form>
      </section>

      {(reading || !check.isIdle) && (
        <section className="panel" aria-labelledby="import-check-title">
          <div className="panel__header">
            <h2 id="import-check-title">2. Dry run</h2>
          </div>
          {reading ? (
            <p className="form-error" role="alert">
              {reading}
            </p>
          ) : check.isPending ? (
            <Loading label="Checking every row; nothing is written…" />
          ) : check.isError ? (
            <Refused error={check.error} dryRun />
          ) : dryRun ? (
            <Outcome title="Ready to import: nothing has been written yet" summary={dryRun}>
              <div className="import-commit">
                <button
                  type="button"
                  className="button button--primary"
                  onClick={runCommit}
                  disabled={commit.isPending || commit.isSuccess}
                >
                  {commit.isPending
                    ? 'Importing…'
                    : commit.isSuccess
                      ? 'Imported'
                      : 'Commit import'}
                </button>
                <span className="muted">
                  Sends the same two files again, this time to be stored.
                </span>
              </div>
            </Outcome>
          ) : null}
        </section>
      )}

      {!commit.isIdle && (
        <section className="panel" aria-labelledby="import-commit-title">
          <div className="panel__header">
            <h2 id="import-commit-title">3. Import</h2>
          </div>
          {commit.isPending ? (
            <Loading label="Importing…" />
          ) : commit.isError ? (
            <Refused error={commit.error} dryRun={false} />
          ) : commit.data ? (
            <Outcome title="Imported" summary={commit.data}>
              <p>
                Import <code>{commit.data.import_id ?? '(no id)'}</code> is stored. The alert rules
                ran on the new answers. <Link to="/">See the team overview</Link> or{' '}
                <Link to="/alerts">the alerts</Link>.
              </p>
            </Outcome>
          ) : null}
        </section>
      )}
    </section>
  );
}

interface FilePickerProps {
  label: string;
  help: string;
  accept: string;
  file: File | null;
  onChoose: (file: File | null) => void;
}

function FilePicker({ label, help, accept, file, onChoose }: FilePickerProps) {
  const id = useId();
  return (
    <div className="field import-file">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-describedby={`${id}-help ${id}-chosen`}
        onChange={(e) => onChoose(e.currentTarget.files?.[0] ?? null)}
      />
      <p id={`${id}-chosen`} className="import-file__chosen">
        {file ? (
          <>
            <strong>{file.name}</strong> <span className="muted">· {fileSize(file.size)}</span>
          </>
        ) : (
          <span className="muted">No file chosen</span>
        )}
      </p>
      <p id={`${id}-help`} className="muted import-file__help">
        {help}
      </p>
    </div>
  );
}

/** A heading that takes focus when it appears, so the outcome is announced and next in line. */
function FocusHeading({ children, tone }: { children: ReactNode; tone?: 'error' }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h3
      ref={ref}
      tabIndex={-1}
      className={
        tone === 'error'
          ? 'import-outcome__title import-outcome__title--error'
          : 'import-outcome__title'
      }
    >
      {children}
    </h3>
  );
}

function Outcome({
  title,
  summary,
  children,
}: {
  title: string;
  summary: ImportSummary;
  children?: ReactNode;
}) {
  return (
    <div className="import-outcome">
      <FocusHeading>{title}</FocusHeading>
      <p>{summarySentence(summary)}</p>
      <div className="import-summary">
        {summaryGroups(summary).map((group) => (
          <div key={group.title} className="import-summary__group">
            <h4>{group.title}</h4>
            <dl>
              {group.items.map((item) => (
                <div
                  key={item.label}
                  className={
                    item.change
                      ? 'import-summary__item import-summary__item--change'
                      : 'import-summary__item'
                  }
                >
                  <dt>{item.label}</dt>
                  <dd>{item.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
      {children}
    </div>
  );
}

function Refused({ error, dryRun }: { error: unknown; dryRun: boolean }) {
  const problems =
    error instanceof ApiError && error.status === 422 ? importProblems(error.body) : [];
  if (problems.length > 0) return <Problems problems={problems} dryRun={dryRun} />;
  const failure = importFailure(error);
  return (
    <div className="import-outcome">
      <FocusHeading tone="error">
        {dryRun ? 'The dry run was refused' : 'The import was refused'}
      </FocusHeading>
      <p>{failure.title}</p>
      {failure.detail && <pre className="import-detail">{failure.detail}</pre>}
    </div>
  );
}

const PROBLEM_COLUMNS: Column<ImportProblem & { index: number }>[] = [
  {
    key: 'row',
    header: 'Line',
    numeric: true,
    description: 'Line of the file, header rows included; empty for a problem of the mapping',
    sortValue: (p) => p.row,
    cell: (p) =>
      p.row !== null ? (
        formatCount(p.row)
      ) : p.code === TOO_MANY ? (
        '–'
      ) : (
        <span className="muted">mapping</span>
      ),
  },
  { key: 'column', header: 'Column', sortValue: (p) => p.column, cell: (p) => p.column ?? '–' },
  {
    key: 'field',
    header: 'Mapping field',
    sortValue: (p) => p.field,
    cell: (p) => <code>{p.field}</code>,
  },
  { key: 'code', header: 'Code', sortValue: (p) => p.code, cell: (p) => <code>{p.code}</code> },
  { key: 'message', header: 'Problem', cell: (p) => p.message },
];

function Problems({ problems, dryRun }: { problems: ImportProblem[]; dryRun: boolean }) {
  const groups = problemGroups(problems);
  const rows = problems.map((p, index) => ({ ...p, index }));
  const count = problemCount(problems);
  const download = () => {
    const url = URL.createObjectURL(new Blob([problemsCsv(problems)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'import-problems.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <div className="import-outcome">
      <FocusHeading tone="error">
        {problemCountText(count)}: {dryRun ? 'nothing can be imported yet' : 'nothing was imported'}
      </FocusHeading>
      <p>
        An import with any problem writes nothing. Fix the file or the mapping, choose it again
        above, and check again.
      </p>
      <ul className="import-groups" aria-label="Problems by kind">
        {groups.map((g) => (
          <li key={g.code}>
            <strong>{g.label}</strong> <code>{g.code}</code>: {formatCount(g.count)}
            {g.lines > 0
              ? ` on ${g.lines === 1 ? '1 line' : `${formatCount(g.lines)} lines`}`
              : ' in the mapping'}
            {g.columns.length > 0 && (
              <span className="muted">
                {' '}
                (column{g.columns.length > 1 ? 's' : ''} {g.columns.slice(0, 5).join(', ')}
                {g.columns.length > 5 ? ', …' : ''})
              </span>
            )}
          </li>
        ))}
        {count.total !== null && count.total > count.listed && (
          <li>
            … and {formatCount(count.total - count.listed)} more past the first{' '}
            {formatCount(count.listed)}, not listed
          </li>
        )}
      </ul>
      <div
        className="import-problems"
        role="region"
        aria-label="Every problem (scrolls)"
        tabIndex={0}
      >
        <DataTable
          caption="Every problem, one per row, in file order"
          columns={PROBLEM_COLUMNS}
          rows={rows}
          rowKey={(p) => p.index}
        />
      </div>
      <button type="button" className="button import-download" onClick={download}>
        Download the problems (CSV)
      </button>
    </div>
  );
}
