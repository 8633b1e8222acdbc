import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';

import { CSRF_HEADER } from '../../api/client';
import { importFormData } from '../../api/queries/imports';
import { createQueryClient } from '../../app/queryClient';
import { fakeApi, json, type Handler } from '../../test/fakeApi';
import { importSummary } from './fixtures';
import { fileSize, snapshot } from './importFiles';
import { ImportPage } from './ImportPage';

// The fixtures of frontend/e2e/fixtures, in small.
const MAPPING = 'cycle = { constant = "2026-E2E" }\n[account]\nkey = "Account"\n';
const GOOD_CSV =
  'Account,Manager,Email,Communication,Responsiveness\nNorthwind,am-e2e-1,ann@northwind.test,4,5\n';

function server(handler?: Handler) {
  return fakeApi({
    'POST /api/v1/imports':
      handler ??
      ((request) => {
        const dryRun = new URL(request.url).searchParams.get('dry_run') === 'true';
        const committed = { dry_run: false, import_id: '01a242c5-a759-71ff-bb2a-502dc574c456' };
        return json(dryRun ? 200 : 201, importSummary(dryRun ? {} : committed));
      }),
  });
}

function renderPage() {
  return render(
    <QueryClientProvider client={createQueryClient({ retryDelayMs: 1 })}>
      <MemoryRouter initialEntries={['/import']}>
        <ImportPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

function choose(label: string, file: File) {
  fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });
}

function chooseBoth(csv = GOOD_CSV) {
  choose('Survey export (CSV)', new File([csv], 'import-good.csv', { type: 'text/csv' }));
  choose('Mapping (TOML or JSON)', new File([MAPPING], 'import-mapping.toml'));
}

const checkButton = () => screen.getByRole('button', { name: 'Check the import (dry run)' });

describe('importFormData', () => {
  it('sends the mapping first, then the file, each with its name', async () => {
    const form = importFormData({
      mapping: new File([MAPPING], 'mapping.json'),
      file: new File([GOOD_CSV], 'export.csv'),
    });
    expect([...form.keys()]).toEqual(['mapping', 'file']);
    const mapping = form.get('mapping') as File;
    const file = form.get('file') as File;
    expect([mapping.name, file.name]).toEqual(['mapping.json', 'export.csv']);
    expect(await file.text()).toBe(GOOD_CSV);
  });
});

describe('snapshot', () => {
  it('copies each file, name and bytes, so the commit sends what was checked', async () => {
    const original = {
      mapping: new File([MAPPING], 'm.toml'),
      file: new File([GOOD_CSV], 'e.csv', { type: 'text/csv' }),
    };
    const copy = await snapshot(original);
    expect(copy.file).not.toBe(original.file);
    expect([copy.mapping.name, copy.file.name, copy.file.type]).toEqual([
      'm.toml',
      'e.csv',
      'text/csv',
    ]);
    expect(await copy.file.text()).toBe(GOOD_CSV);
  });
});

describe('fileSize', () => {
  it('reads like a file manager', () => {
    expect([
      fileSize(1),
      fileSize(170),
      fileSize(2048),
      fileSize(604_365),
      fileSize(33_554_432),
    ]).toEqual(['1 byte', '170 bytes', '2 KiB', '591 KiB', '32.0 MiB']);
  });
});

describe('ImportPage', () => {
  it('checks both files with a dry run, then commits the same files', async () => {
    const api = server();
    renderPage();
    expect((checkButton() as HTMLButtonElement).disabled).toBe(true);
    chooseBoth();
    expect(screen.getByText('import-good.csv', { selector: 'strong' })).toBeTruthy();
    expect((checkButton() as HTMLButtonElement).disabled).toBe(false);

    fireEvent.click(checkButton());
    const title = await screen.findByRole('heading', {
      name: 'Ready to import: nothing has been written yet',
    });
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(
      screen.getByText('3 data rows read: committing would store 3 new responses.'),
    ).toBeTruthy();

    const dry = api.requests[0];
    if (!dry) throw new Error('no request');
    expect(new URL(dry.url).search).toBe('?dry_run=true');
    expect(dry.headers.get(CSRF_HEADER)).toBe('1');
    expect(dry.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    // The parts' bytes and names are checked on `importFormData` below: jsdom's File does not
    // survive Node's Request, which the tests' fetch runs on.
    expect([...(await dry.formData()).keys()]).toEqual(['mapping', 'file']);

    fireEvent.click(screen.getByRole('button', { name: 'Commit import' }));
    expect(await screen.findByRole('heading', { name: 'Imported' })).toBeTruthy();
    expect(screen.getByText('01a242c5-a759-71ff-bb2a-502dc574c456')).toBeTruthy();
    const real = api.requests[1];
    if (!real) throw new Error('no commit');
    expect(new URL(real.url).search).toBe('');
    expect([...(await real.formData()).keys()]).toEqual(['mapping', 'file']);
  });

  it('lists every row error of a refused file', async () => {
    server(() =>
      json(422, {
        code: 'import_invalid',
        message: 'the import failed validation; nothing was written (every problem is in `errors`)',
        errors: [
          {
            code: 'out_of_scale',
            column: 'Communication',
            field: 'categories[0].performance',
            message: '7 is outside the scale 1-5 and no "don\'t know" code is set',
            row: 3,
          },
        ],
      }),
    );
    renderPage();
    chooseBoth();
    fireEvent.click(checkButton());
    expect(
      await screen.findByRole('heading', { name: '1 problem: nothing can be imported yet' }),
    ).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Every problem, one per row, in file order' });
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '3',
      'Communication',
      'categories[0].performance',
      'out_of_scale',
      '7 is outside the scale 1-5 and no "don\'t know" code is set',
    ]);
    expect(screen.queryByRole('button', { name: 'Commit import' })).toBeNull();
  });

  it('says in plain words when the file conflicts with stored data', async () => {
    server(() =>
      json(409, {
        code: 'conflict',
        field: 'cycles[2015].performance_scale',
        message:
          'cycles[2015].performance_scale: the cycle was stored with performance on 1-5; the file says 1-10',
      }),
    );
    renderPage();
    chooseBoth();
    fireEvent.click(checkButton());
    expect(await screen.findByRole('heading', { name: 'The dry run was refused' })).toBeTruthy();
    expect(
      screen.getByText(
        /^The file does not fit what is already stored \(cycles\[2015\]\.performance_scale\)/,
      ),
    ).toBeTruthy();
  });

  it('says how large an upload may be', async () => {
    server(() =>
      json(413, {
        code: 'payload_too_large',
        message: 'request body is larger than the limit of 33554432 bytes',
      }),
    );
    renderPage();
    chooseBoth();
    fireEvent.click(checkButton());
    expect(
      await screen.findByText(/^The upload is too large: the server accepts at most 32 MiB\./),
    ).toBeTruthy();
  });

  it('forgets the report when another file is chosen', async () => {
    server();
    renderPage();
    chooseBoth();
    fireEvent.click(checkButton());
    await screen.findByRole('button', { name: 'Commit import' });
    choose('Survey export (CSV)', new File(['other'], 'other.csv'));
    expect(screen.queryByRole('button', { name: 'Commit import' })).toBeNull();
    expect(screen.queryByRole('heading', { name: '2. Dry run' })).toBeNull();
  });
});
