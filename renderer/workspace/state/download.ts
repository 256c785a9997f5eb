/** Saves text as a file through a download link (the browser's or Electron's save flow). */
import type { AuditExportRequest, BlotterApi } from '../../../preload/contract.ts';
import type { Toaster } from '../../book/toasts.ts';

export function saveText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks main for the audit log as CSV and saves it. */
export async function exportAuditCsv(
  api: BlotterApi,
  toaster: Toaster,
  request: AuditExportRequest = {},
): Promise<void> {
  const result = await api.audit.export(request);
  if (!result.ok) {
    toaster.push('error', `Audit export failed: ${result.error.message}`);
    return;
  }
  saveText(result.value.filename, result.value.csv);
  toaster.push('info', `Saved ${result.value.filename} (${result.value.rows} rows)`);
}
