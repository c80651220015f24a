import { describe, expect, it } from 'vitest';
import { templateLabel } from '../../../src/features/tasks/templateLabel';
import { DEFAULT_TEMPLATES } from '../../../src/features/tasks/templates';
import { shiftLabel } from '../../../src/features/operations/shiftLabel';

describe('names under 简体中文', () => {
  it('built-in template names follow the language; a saved or site-named template keeps its name', () => {
    const nav = DEFAULT_TEMPLATES.find((t) => t.id === 'navigate-ros2')!;
    expect(templateLabel('zh-CN', nav)).toBe('导航（ROS 2）');
    expect(templateLabel('en', nav)).toBe('Navigate (ROS 2)');
    for (const t of DEFAULT_TEMPLATES) expect(templateLabel('zh-CN', t)).not.toBe(t.name);
    expect(templateLabel('zh-CN', { ...nav, builtin: false, name: 'Nav to bay 3' })).toBe('Nav to bay 3');
  });
  it('built-in shift names are translated; a site-named shift is shown as named', () => {
    expect(['Early', 'Late', 'Night'].map((n) => shiftLabel('zh-CN', n))).toEqual(['早班', '晚班', '夜班']);
    expect(shiftLabel('zh-CN', 'B-Schicht')).toBe('B-Schicht');
  });
});
