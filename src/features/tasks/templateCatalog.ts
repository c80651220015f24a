// The task templates the console knows: the built-in ones, overridden or added to by the ones saved in the
// database. A saved template that no longer validates is skipped and listed as a problem.
import { storageErrorText } from '../../storage';
import type { Result } from './taskEngineTypes';
import type { TaskRepo } from './taskRepo';
import { DEFAULT_TEMPLATES, validateTemplate, type TaskTemplate, type TemplateCheck } from './templates';

export class TemplateCatalog {
  private templates = new Map<string, TaskTemplate>();
  private errors: string[] = [];

  constructor(private readonly repo: TaskRepo) {
    for (const t of DEFAULT_TEMPLATES) this.templates.set(t.id, t);
  }

  /** Adds the saved templates (throws when the database cannot be read). */
  async load(): Promise<void> {
    for (const raw of await this.repo.loadTemplates()) {
      const check = validateTemplate(raw);
      if (check.ok) this.templates.set(check.template.id, check.template);
      else this.errors.push(check.error);
    }
  }

  list(): TaskTemplate[] {
    return [...this.templates.values()];
  }
  get(id: string): TaskTemplate | undefined {
    return this.templates.get(id);
  }
  problems(): readonly string[] {
    return this.errors;
  }

  /** Validates and saves a template; it is in use only once it is saved. */
  async save(input: unknown): Promise<TemplateCheck> {
    const check = validateTemplate(input);
    if (!check.ok) return check;
    const tpl = { ...check.template, builtin: false };
    try {
      await this.repo.saveTemplate(tpl);
    } catch (err) {
      return { ok: false, error: `Template not saved: ${storageErrorText(err)}` };
    }
    this.templates.set(tpl.id, tpl);
    return { ok: true, template: tpl };
  }

  /** Deletes a saved template; a built-in one it had overridden comes back. */
  async delete(id: string): Promise<Result> {
    try {
      await this.repo.deleteTemplate(id);
    } catch (err) {
      return { ok: false, error: storageErrorText(err) };
    }
    const builtin = DEFAULT_TEMPLATES.find((t) => t.id === id);
    if (builtin) this.templates.set(id, builtin);
    else this.templates.delete(id);
    return { ok: true };
  }
}
