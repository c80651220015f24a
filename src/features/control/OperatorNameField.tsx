import { useT } from '../../i18n';
import { useTakeoverStore } from './takeoverStore';

/** The operator's name, recorded with every decision; remembered in localStorage. */
export function OperatorNameField({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const name = useTakeoverStore((s) => s.operatorName);
  const setName = useTakeoverStore((s) => s.setOperatorName);
  return (
    <label className={compact ? 'operator-name compact' : 'operator-name'}>
      <span>{t('takeover.operatorName')}</span>
      <input
        data-testid="operator-name"
        value={name}
        placeholder={t('takeover.operatorPlaceholder')}
        onChange={(e) => setName(e.target.value)}
        autoComplete="name"
      />
    </label>
  );
}
