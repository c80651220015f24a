// The takeover audit trail from the durable store (survives reloads), newest first, live as entries are added.
import { useEffect, useState } from 'react';
import { useLocale, useT, type MessageKey } from '../../i18n';
import { getAuditRepo, type AuditEntry, type AuditKind, type AuditRepo } from './auditRepo';
import { storageErrorText } from '../../storage';
import { shownRobotName, useFleetStore } from '../../fleet';
import { formatDuration } from '../../ui';
import { getConsoleApi } from '../../platform';
import type { ChainCheck } from './auditChain';

const KIND_KEY: Record<AuditKind, MessageKey> = {
  request: 'audit.kind.request',
  approve: 'audit.kind.approve',
  deny: 'audit.kind.deny',
  control: 'audit.kind.control',
  estop: 'audit.kind.estop',
  handback: 'audit.kind.handback',
  enable: 'audit.kind.enable',
};

type T = ReturnType<typeof useT>;

/** What a control entry says: an approval's outcome, a broken or expired hold, or the new holder. */
function controlDetail(t: T, d: Record<string, unknown>): string {
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  if (d.outcome === 'granted') return t('audit.detail.granted');
  if (d.outcome === 'not-confirmed') return t('audit.detail.notConfirmed');
  if (d.outcome === 'refused') return t('audit.detail.refused', { holder: s(d.holder) });
  if (d.outcome === 'broken' || d.change === 'broken') {
    return t('audit.detail.broken', { by: s(d.brokenBy), holder: s(d.holder) || s(d.previous) });
  }
  if (d.change === 'expired') return t('audit.detail.expired', { holder: s(d.previous) });
  return s(d.holder) ? t('audit.detail.control', { holder: s(d.holder) }) : t('audit.detail.released');
}

function details(t: T, e: AuditEntry): string {
  const d = e.data;
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  switch (e.kind) {
    case 'request':
      return s(d.reason);
    case 'approve':
    case 'deny':
      return [s(d.requestReason), s(d.reason)].filter(Boolean).join(' — ');
    case 'control':
      return controlDetail(t, d);
    case 'handback':
      return typeof d.durationMs === 'number' ? t('audit.detail.handback', { time: formatDuration(t, d.durationMs) }) : '';
    case 'estop':
      return d.disabled === true ? t('audit.detail.estopOk') : t('audit.detail.estopFailed', { error: s(d.error) });
    case 'enable':
      if (d.what === 'queue') return t('audit.detail.queueResumed');
      return d.ok === true ? t('audit.detail.enableOk') : t('audit.detail.enableFailed', { error: s(d.message) });
  }
}

function checkText(t: T, c: ChainCheck): string {
  if (c.ok) return t('audit.chainOk', { n: c.count - c.legacy, head: c.head.slice(0, 16) });
  const seq = c.firstBad?.seq ?? 0;
  if (c.firstBad?.problem === 'changed') return t('audit.chainChanged', { seq });
  if (c.firstBad?.problem === 'removed-before') return t('audit.chainRemoved', { seq });
  return t('audit.chainUnchained', { seq });
}

/** Check the chain and export it with its hashes: what makes the trail evidence. */
function ChainTools({ repo }: { repo?: AuditRepo }) {
  const t = useT();
  const [check, setCheck] = useState<ChainCheck>();
  const [error, setError] = useState<string>();
  const r = () => repo ?? getAuditRepo();
  const verify = () =>
    r()
      .verify()
      .then((c) => {
        setCheck(c);
        setError(undefined);
      })
      .catch((err: unknown) => setError(storageErrorText(err)));
  const exportTrail = async () => {
    try {
      const data = await r().exportChain();
      await getConsoleApi().saveFile({
        title: t('audit.export'),
        defaultName: `audit-trail-${new Date(data.exportedAt).toISOString().slice(0, 10)}.json`,
        text: JSON.stringify(data, null, 2),
      });
    } catch (err) {
      setError(storageErrorText(err));
    }
  };
  return (
    <div className="audit-chain">
      <button data-testid="audit-verify" onClick={() => void verify()}>
        {t('audit.verify')}
      </button>
      <button data-testid="audit-export" onClick={() => void exportTrail()}>
        {t('audit.export')}
      </button>
      {check && (
        <p data-testid="audit-check" data-ok={check.ok} className={check.ok ? 'muted' : 'warning'} role={check.ok ? undefined : 'alert'}>
          {checkText(t, check)}
        </p>
      )}
      {error && <p className="warning">{t('audit.loadError', { error })}</p>}
    </div>
  );
}

export function AuditTrail({ repo, limit = 300 }: { repo?: AuditRepo; limit?: number }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const robots = useFleetStore((s) => s.robots);
  const selectedId = useFleetStore((s) => s.selectedId);
  const [onlySelected, setOnlySelected] = useState(false);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<string>();
  const robotFilter = onlySelected ? selectedId : undefined;

  useEffect(() => {
    const r = repo ?? getAuditRepo();
    let alive = true;
    const load = (): void => {
      r.list({ robotId: robotFilter, limit })
        .then((list) => {
          if (!alive) return;
          setEntries(list);
          setError(undefined);
        })
        .catch((err: unknown) => alive && setError(storageErrorText(err)));
    };
    load();
    const off = r.onAppend(load);
    return () => {
      alive = false;
      off();
    };
  }, [repo, robotFilter, limit]);

  const nameOf = (id: string): string => shownRobotName(robots, id);
  return (
    <div className="audit-trail" data-testid="audit-trail">
      <h2 className="panel-title">{t('audit.title')}</h2>
      <label>
        <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} />
        <span>{t('audit.onlySelected')}</span>
      </label>
      <ChainTools repo={repo} />
      {error && <p className="warning">{t('audit.loadError', { error })}</p>}
      {entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th>{t('audit.time')}</th>
              <th>{t('audit.robot')}</th>
              <th>{t('audit.kind')}</th>
              <th>{t('audit.person')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-kind={e.kind} data-seq={e.seq}>
                <td>{new Date(e.at).toLocaleString(locale)}</td>
                <td>{nameOf(e.robotId)}</td>
                <td>{t(KIND_KEY[e.kind])}</td>
                <td>{e.person}</td>
                <td>{details(t, e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
