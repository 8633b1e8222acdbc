// The chosen files: read once for the dry run, so the commit sends exactly the checked bytes.
import type { ImportFiles } from '../../api/queries/imports';
import { formatCount } from '../../charts/format';

/** Reads both files now; a file edited on disk after the dry run cannot slip into the commit. */
export async function snapshot(files: ImportFiles): Promise<ImportFiles> {
  const copy = async (f: File) =>
    new File([await f.arrayBuffer()], f.name, { type: f.type, lastModified: f.lastModified });
  const [mapping, file] = await Promise.all([copy(files.mapping), copy(files.file)]);
  return { mapping, file };
}

/** "170 bytes", "12 KiB", "1.4 MiB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1024 * 1024) return `${formatCount(Math.ceil(bytes / 1024))} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
