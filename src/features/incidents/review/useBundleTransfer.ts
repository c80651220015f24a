// Export of the selected incidents as a dataset bundle (a download) and import of one (nothing is changed
// when the bundle is damaged; the message says what is wrong).
import { useRef, useState } from 'react';
import { useT } from '../../../i18n';
import { BundleError, ExportCancelled, exportBundle, importBundle } from '../datasetBundle';
import type { Incident } from '../types';
import { reviewRepo } from './reviewStore';

export interface TransferMessage {
  text: string;
  bad: boolean;
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function useBundleTransfer() {
  const t = useT();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<TransferMessage | null>(null);
  const running = useRef<AbortController | null>(null);

  // The file is handed to the browser (or the shell's save) only once complete: a cancelled or failed
  // export leaves no partial file behind.
  const doExport = async (chosen: Incident[]) => {
    setMessage(null);
    setProgress({ done: 0, total: chosen.length });
    const ctl = new AbortController();
    running.current = ctl;
    try {
      const blob = await exportBundle(chosen, reviewRepo(), setProgress, Date.now(), ctl.signal);
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      download(blob, `incidents-${stamp}.tar`);
    } catch (err) {
      if (err instanceof ExportCancelled) setMessage({ text: t('review.exportCancelled'), bad: false });
      else setMessage({ text: err instanceof Error ? err.message : String(err), bad: true });
    } finally {
      running.current = null;
      setProgress(null);
    }
  };

  const cancelExport = () => running.current?.abort();

  const doImport = async (file: File) => {
    setMessage(null);
    try {
      const n = await importBundle(new Uint8Array(await file.arrayBuffer()), reviewRepo());
      setMessage({ text: t('review.imported', { n }), bad: false });
    } catch (err) {
      const text = err instanceof BundleError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
      setMessage({ text: t('review.importFailed', { error: text }), bad: true });
    }
  };

  return { progress, message, doExport, doImport, cancelExport };
}

export type BundleTransfer = ReturnType<typeof useBundleTransfer>;
