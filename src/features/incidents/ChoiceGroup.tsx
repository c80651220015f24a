import type { ReactNode, RefObject } from 'react';

/**
 * One step of the capture form: a focusable radio group whose buttons are picked by click or by digit key (the
 * form handles the keys; buttons are out of the tab order so Tab moves between groups, not between choices).
 */
export function ChoiceGroup(props: {
  groupRef: RefObject<HTMLDivElement | null>;
  group: 'category' | 'severity';
  label: string;
  active: boolean;
  onFocus(): void;
  children: ReactNode;
}) {
  return (
    <fieldset>
      <legend>{props.label}</legend>
      <div
        ref={props.groupRef}
        role="radiogroup"
        aria-label={props.label}
        tabIndex={0}
        data-group={props.group}
        data-testid={`incident-${props.group}`}
        className={`choice-group${props.active ? ' active' : ''}`}
        onFocus={props.onFocus}
      >
        {props.children}
      </div>
    </fieldset>
  );
}
