// Edit a task template as JSON: validated on save (the message names the missing or bad field), stored in
// the console database; a built-in one edited this way is saved as the stored version, "reset" brings back
// the default.
import { useState } from 'react';
import { useLocale, useT } from '../../i18n';
import { templateLabel } from './templateLabel';
import type { TaskEngine } from './taskEngine';
import { useTaskStore } from './taskStore';
import { DEFAULT_TEMPLATES } from './templates';

/** The template being edited as JSON text, and what saving or resetting it said. */
function useTemplateDraft(engine: TaskEngine) {
  const t = useT();
  const templates = useTaskStore((s) => s.templates);
  const [id, setId] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const current = templates.find((x) => x.id === id);

  const pick = (next: string) => {
    setId(next);
    const tpl = templates.find((x) => x.id === next);
    const { builtin: _b, ...rest } = tpl ?? { builtin: false };
    setText(tpl ? JSON.stringify(rest, null, 2) : '');
    setMessage(undefined);
  };

  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      setMessage({ ok: false, text: t('tasks.tpl.badJson', { error: err instanceof Error ? err.message : String(err) }) });
      return;
    }
    const r = await engine.saveTemplate(parsed);
    setMessage(r.ok ? { ok: true, text: t('tasks.tpl.saved', { name: r.template.name }) } : { ok: false, text: r.error });
    if (r.ok) setId(r.template.id);
  };

  const reset = async () => {
    if (!id) return;
    const r = await engine.deleteTemplate(id);
    if (!r.ok) setMessage({ ok: false, text: r.error });
    else {
      const def = DEFAULT_TEMPLATES.find((x) => x.id === id);
      setText(def ? JSON.stringify({ ...def, builtin: undefined }, null, 2) : '');
      setMessage({ ok: true, text: t('tasks.tpl.reset') });
      if (!def) setId(undefined);
    }
  };

  return { templates, id, text, setText, message, current, pick, save, reset };
}

export function TemplateEditor({ engine }: { engine: TaskEngine }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { templates, id, text, setText, message, current, pick, save, reset } = useTemplateDraft(engine);

  return (
    <details className="task-templates" data-testid="task-templates">
      <summary>{t('tasks.tpl.title')}</summary>
      <label>
        <span>{t('tasks.assign.template')}</span>
        <select value={id ?? ''} onChange={(e) => pick(e.target.value)} data-testid="task-tpl-pick">
          <option value="">{t('tasks.tpl.choose')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {templateLabel(locale, x)}
            </option>
          ))}
        </select>
      </label>
      {id !== undefined && (
        <>
          <textarea
            className="task-tpl-text"
            rows={14}
            spellCheck={false}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={t('tasks.tpl.json')}
            data-testid="task-tpl-text"
          />
          <p className="muted">{t('tasks.tpl.hint')}</p>
          <div className="task-actions">
            <button type="button" onClick={() => void save()} data-testid="task-tpl-save">
              {t('tasks.tpl.save')}
            </button>
            {current && !current.builtin && (
              <button type="button" onClick={() => void reset()} data-testid="task-tpl-reset">
                {t('tasks.tpl.resetButton')}
              </button>
            )}
          </div>
        </>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'task-error'} data-testid="task-tpl-message">
          {message.text}
        </p>
      )}
    </details>
  );
}
