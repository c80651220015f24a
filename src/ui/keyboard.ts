// Keyboard helpers every feature's shortcuts share.

/** True when a key press belongs to a text field (shortcuts must not fire while a person types). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}
