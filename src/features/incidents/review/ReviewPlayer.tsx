import { formatNumber, useLocale, useT } from '../../../i18n';
import type { PlayerState } from './clipPlayer';
import type { ReplaySession } from './reviewStore';

/** Play/pause, a scrub bar and the position of the opened incident's clip. */
export function ReviewPlayer({ replay, player }: { replay: ReplaySession; player: PlayerState }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const sec = (ms: number) => formatNumber(locale, ms / 1000, 1);
  return (
    <>
      <div className="player" data-testid="review-player">
        <button type="button" data-testid="review-play" onClick={() => replay.player.toggle()}>
          {player.playing ? t('review.pause') : t('review.play')}
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(1, Math.round(player.durationMs))}
          step={10}
          value={Math.round(player.positionMs)}
          aria-label={t('review.scrub')}
          data-testid="review-scrub"
          onChange={(e) => replay.player.seek(Number(e.target.value))}
        />
        <span className="mono" data-testid="review-position" data-position-ms={Math.round(player.positionMs)}>
          {t('review.position', { t: sec(player.positionMs), d: sec(player.durationMs) })}
        </span>
      </div>
      <p className="muted">
        {t('review.clipInfo', { n: replay.messageCount, m: replay.topicCount })}
        {` — ${t('review.replayHint')}`}
      </p>
    </>
  );
}
