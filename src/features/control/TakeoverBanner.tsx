// Non-modal banner at the top of the app: every open robot request with robot, kind, reason and how long it has
// waited (most severe and newest first, stale ones last and marked; the rest behind a count and "Show all"); approve (in the operator's name) or deny with a reason. Never blocks the rest of the UI (no dialog),
// so the e-stop stays reachable.
import { useEffect, useState } from 'react';
import { useT, type MessageKey } from '../../i18n';
import { useFleetStore, robotLabel } from '../../fleet';
import { formatDuration, RobotText, shownText, TEXT_LIMITS } from '../../ui';
import type { PendingRequest } from './takeoverChannel';
import { approveRequest, denyRequest } from './takeoverService';
import { useTakeoverStore, type TakeoverNotice } from './takeoverStore';
import { OperatorNameField } from './OperatorNameField';
import './takeover.css';

const KIND_KEY: Record<PendingRequest['kind'], MessageKey> = {
  takeover: 'takeover.kind.takeover',
  help: 'takeover.kind.help',
  confirm: 'takeover.kind.confirm',
};
const SEVERITY_KEY: Record<PendingRequest['severity'], MessageKey> = {
  info: 'takeover.severity.info',
  warning: 'takeover.severity.warning',
  critical: 'takeover.severity.critical',
};
const NOTICE_KEY: Record<TakeoverNotice['code'], MessageKey> = {
  'held-by-other': 'takeover.error.held-by-other',
  'held-at-hub': 'takeover.error.held-at-hub',
  'hub-refused': 'takeover.error.hub-refused',
  'hub-lease-lost': 'takeover.error.hub-lease-lost',
  'unknown-request': 'takeover.error.unknown-request',
  'no-operator': 'takeover.error.no-operator',
  'no-answer': 'takeover.error.no-answer',
  'no-link': 'takeover.error.no-link',
  'estop-failed': 'takeover.error.estop-failed',
};

const VISIBLE = 3;

/** Re-renders once a second while something waits, for the "waiting 42 s" counters. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

function RequestRow({ req, now }: { req: PendingRequest; now: number }) {
  const t = useT();
  const robot = useFleetStore((s) => s.robots.find((r) => r.id === req.robotId));
  const label = useFleetStore((s) => robotLabel(s.robots, req.robotId));
  const control = useTakeoverStore((s) => s.control[req.robotId]);
  const hasName = useTakeoverStore((s) => s.operatorName.trim() !== '');
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const blocked = req.kind === 'takeover' && !!control && control.holder !== '' && !control.mine;
  const approve = (): void => {
    setBusy(true);
    void approveRequest(req.robotId, req.id).finally(() => setBusy(false));
  };
  const deny = (): void => {
    denyRequest(req.robotId, req.id, reason.trim());
    setDenying(false);
    setReason('');
  };
  return (
    <li
      className={`takeover-request severity-${req.severity}${req.stale ? ' stale' : ''}`}
      data-stale={req.stale ? 'true' : 'false'}
      data-testid="takeover-request"
      data-robot={req.robotId}
      data-kind={req.kind}
    >
      <span className="takeover-robot" style={{ borderColor: robot?.color }}>
        <RobotText text={label} max={TEXT_LIMITS.name + 24} />
      </span>
      <span className="takeover-kind">{t(KIND_KEY[req.kind])}</span>
      <span className="takeover-severity">{t(SEVERITY_KEY[req.severity])}</span>
      <span className="takeover-reason" data-testid="takeover-reason">
        <RobotText text={req.reason} max={TEXT_LIMITS.text} />
      </span>
      <span className="takeover-waiting" data-testid="takeover-waiting">
        {t('takeover.waiting', { time: formatDuration(t, now - req.receivedAt) })}
      </span>
      {req.stale && (
        <span className="takeover-stale" data-testid="takeover-stale">
          {t('takeover.stale', { time: formatDuration(t, now - req.lastSeenAt) })}
        </span>
      )}
      {blocked && <span className="takeover-held">{t('takeover.heldBy', { holder: shownText(control.holder, TEXT_LIMITS.name) })}</span>}
      {denying ? (
        <form
          className="takeover-deny-form"
          onSubmit={(e) => {
            e.preventDefault();
            deny();
          }}
        >
          <input
            autoFocus
            data-testid="takeover-deny-reason"
            aria-label={t('takeover.denyReason')}
            placeholder={t('takeover.denyReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" data-testid="takeover-deny-send" disabled={!hasName}>
            {t('takeover.denySend')}
          </button>
          <button type="button" onClick={() => setDenying(false)}>
            {t('takeover.cancel')}
          </button>
        </form>
      ) : (
        <span className="takeover-actions">
          <button type="button" className="primary" data-testid="takeover-approve" disabled={!hasName || blocked || busy} onClick={approve}>
            {t('takeover.approve')}
          </button>
          <button type="button" data-testid="takeover-deny" disabled={!hasName} onClick={() => setDenying(true)}>
            {t('takeover.deny')}
          </button>
        </span>
      )}
    </li>
  );
}

export function TakeoverBanner() {
  const t = useT();
  const requests = useTakeoverStore((s) => s.requests);
  const notice = useTakeoverStore((s) => s.notice);
  const setNotice = useTakeoverStore((s) => s.setNotice);
  const hasName = useTakeoverStore((s) => s.operatorName.trim() !== '');
  const now = useNow(requests.length > 0);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? requests : requests.slice(0, VISIBLE);
  // An empty, zero-height element while idle keeps the app's grid rows stable.
  if (requests.length === 0 && !notice) return <section className="takeover-banner idle" data-testid="takeover-banner" data-empty="true" />;
  return (
    <section className="takeover-banner" role="status" aria-live="assertive" data-testid="takeover-banner">
      {requests.length > 0 && (
        <div className="takeover-banner-head">
          <strong>{t('takeover.banner.label')}</strong>
          <span>{t('takeover.banner.count', { n: requests.length })}</span>
          <OperatorNameField compact />
          {!hasName && <span className="takeover-need-name">{t('takeover.needName')}</span>}
        </div>
      )}
      <ul className="takeover-requests">
        {shown.map((r) => (
          <RequestRow key={`${r.robotId} ${r.id}`} req={r} now={now} />
        ))}
      </ul>
      {requests.length > VISIBLE && (
        <p className="muted">
          {!showAll && t('takeover.more', { n: requests.length - VISIBLE })}{' '}
          <button type="button" data-testid="takeover-show-all" onClick={() => setShowAll(!showAll)}>
            {showAll ? t('takeover.showFewer') : t('takeover.showAll', { n: requests.length })}
          </button>
        </p>
      )}
      {notice && (
        <p className="takeover-notice" data-testid="takeover-notice">
          {t(NOTICE_KEY[notice.code], {
            holder: shownText(notice.holder, TEXT_LIMITS.name),
            detail: shownText(notice.detail, TEXT_LIMITS.text),
          })}
          <button type="button" onClick={() => setNotice(undefined)}>
            {t('takeover.dismiss')}
          </button>
        </p>
      )}
    </section>
  );
}
