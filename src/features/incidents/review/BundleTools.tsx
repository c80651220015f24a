import { useRef } from 'react';
import { useT } from '../../../i18n';
import type { Incident } from '../types';
import { useReviewStore } from './reviewStore';
import type { BundleTransfer } from './useBundleTransfer';

/** Count, select all, export of the selection and import of a bundle, with the export's progress and the outcome. */
export function BundleTools({
  shown,
  incidents,
  transfer,
}: {
  shown: readonly Incident[];
  incidents: readonly Incident[];
  transfer: BundleTransfer;
}) {
  const t = useT();
  const selected = useReviewStore((s) => s.selected);
  const setSelected = useReviewStore((s) => s.setSelected);
  const fileRef = useRef<HTMLInputElement>(null);
  const { progress, message } = transfer;
  return (
    <>
      <div className="review-tools">
        <span className="muted">{t('review.count', { n: shown.length })}</span>
        <button type="button" onClick={() => setSelected(shown.map((i) => i.id))}>
          {t('review.selectAll')}
        </button>
        <button
          type="button"
          data-testid="review-export"
          disabled={selected.length === 0 || progress !== null}
          onClick={() => void transfer.doExport(incidents.filter((i) => selected.includes(i.id)))}
        >
          {t('review.export', { n: selected.length })}
        </button>
        <button type="button" data-testid="review-import" onClick={() => fileRef.current?.click()}>
          {t('review.import')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".tar,application/x-tar"
          hidden
          data-testid="review-import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void transfer.doImport(f);
          }}
        />
      </div>
      {progress && (
        <label className="muted">
          {t('review.exporting', { done: progress.done, total: progress.total })}
          <progress className="review-progress" max={progress.total || 1} value={progress.done} />
          <button type="button" data-testid="review-export-cancel" onClick={transfer.cancelExport}>
            {t('review.exportCancel')}
          </button>
        </label>
      )}
      {message && (
        <p className={message.bad ? 'form-error' : 'muted'} role={message.bad ? 'alert' : 'status'} data-testid="review-message">
          {message.text}
        </p>
      )}
    </>
  );
}
