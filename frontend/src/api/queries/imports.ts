// Survey imports: a mapping and a CSV file sent as multipart/form-data to POST /imports, first as
// a dry run (nothing written), then for real.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import type { paths } from '../schema';

type ImportOperation = paths['/api/v1/imports']['post'];

/** The multipart form as the spec describes it: one part per key. */
type ImportFormSchema = ImportOperation['requestBody']['content']['multipart/form-data'];

/**
 * The parts of an import, each a file. The spec gives both parts `format: binary`, which
 * openapi-typescript renders as `string`; the keys come from the spec, the value type says what
 * is really sent.
 */
export type ImportFiles = { [Part in keyof ImportFormSchema]: File };

/** What an import wrote, or would write on a dry run (200 and 201 answer the same shape). */
export type ImportSummary = ImportOperation['responses'][200]['content']['application/json'];

/** The multipart body: the mapping first (the server needs it to read the file), then the file. */
export function importFormData(files: ImportFiles): FormData {
  const form = new FormData();
  form.append('mapping', files.mapping, files.mapping.name);
  form.append('file', files.file, files.file.name);
  return form;
}

export interface ImportVariables {
  files: ImportFiles;
  dryRun: boolean;
}

/** Sends one import; on a real one, every cached view is refreshed (new cycles, new answers). */
export function useImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ files, dryRun }: ImportVariables) =>
      unwrap(
        api.POST('/api/v1/imports', {
          // A real import sends no `dry_run` at all (the server's default is false).
          params: dryRun ? { query: { dry_run: true } } : {},
          // The generated body type holds strings where the parts are files (see `ImportFiles`):
          // the serializer builds the real body from the files, and this cast is the one place
          // where the generated type is bent to let it through.
          body: files as unknown as ImportFormSchema,
          bodySerializer: () => importFormData(files),
        }),
      ),
    onSuccess: async (summary) => {
      if (!summary.dry_run) await queryClient.invalidateQueries();
    },
  });
}
