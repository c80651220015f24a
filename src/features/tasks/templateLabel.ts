// A built-in template's name is the console's own text and follows the language; a template a person or a
// site profile named is shown as named (a saved copy of a built-in is no longer built in).
import { translate, type Locale, type MessageKey } from '../../i18n';
import type { TaskTemplate } from './templates';

const BUILTIN_NAMES: Record<string, MessageKey> = {
  'go-to-place': 'tasks.tplName.goToPlace',
  'go-to-place-simple': 'tasks.tplName.goToPlaceSimple',
  'return-to-dock': 'tasks.tplName.returnToDock',
  'start-task-service': 'tasks.tplName.startTaskService',
  'navigate-ros2': 'tasks.tplName.navigateRos2',
};

export function templateLabel(locale: Locale, tpl: Pick<TaskTemplate, 'id' | 'name' | 'builtin'>): string {
  const key = tpl.builtin ? BUILTIN_NAMES[tpl.id] : undefined;
  return key ? translate(locale, key) : tpl.name;
}
