import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, contextFor, renderMessage, validateTemplate } from '../../../src/features/tasks/templates';
import { createTask } from '../../../src/features/tasks/taskModel';

describe('task templates', () => {
  it('all defaults are valid', () => {
    for (const t of DEFAULT_TEMPLATES) expect(validateTemplate(t), t.name).toMatchObject({ ok: true });
    expect(DEFAULT_TEMPLATES.map((t) => t.name)).toEqual([
      'Go to place',
      'Go to place (simple goal)',
      'Return to dock',
      'Start task (service)',
      'Navigate (ROS 2)',
    ]);
  });

  it('names the missing field', () => {
    const { action: _drop, ...noAction } = DEFAULT_TEMPLATES[0] as Extract<(typeof DEFAULT_TEMPLATES)[number], { adapter: 'actionlib' }>;
    const r = validateTemplate({ ...noAction, name: 'Broken' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('Template "Broken": field "action" is missing');
    const r2 = validateTemplate({ ...DEFAULT_TEMPLATES[3], service: undefined });
    expect(!r2.ok && r2.error).toMatch(/field "service" is missing/);
    const r3 = validateTemplate({ ...DEFAULT_TEMPLATES[0], message: undefined });
    expect(!r3.ok && r3.error).toMatch(/field "message" is missing/);
    const r4 = validateTemplate({ id: 'x', name: 'X', adapter: 'teleport', target: 'none', message: {} });
    expect(!r4.ok && r4.error).toMatch(/field "adapter"/);
    const r5 = validateTemplate({ ...DEFAULT_TEMPLATES[0], actionType: 'not a type' });
    expect(!r5.ok && r5.error).toMatch(/field "actionType" not a ROS type/);
  });

  it('fills placeholders, numbers stay numbers', () => {
    const task = createTask({
      robotId: 'r',
      templateId: 'go-to-place',
      target: { kind: 'pose', x: 1.5, y: -2, yaw: Math.PI / 2, frame: 'map' },
      params: { speed: 0.4 },
      assignedBy: 'op',
      order: 1,
      at: 0,
    });
    const out = renderMessage(
      { a: '{{target.x}}', b: 'at {{target.y}} in {{target.frame}}', c: ['{{params.speed}}'], q: '{{target.qw}}' },
      contextFor(task, 'g1'),
    ) as Record<string, unknown>;
    expect(out.a).toBe(1.5);
    expect(out.b).toBe('at -2 in map');
    expect(out.c).toEqual([0.4]);
    expect(out.q).toBeCloseTo(Math.SQRT1_2);
    expect(() => renderMessage({ a: '{{target.nope}}' }, contextFor(task, 'g'))).toThrow(/unknown placeholder \{\{target.nope\}\}/);
    const nan = { ...task, target: { ...task.target, x: NaN } };
    expect(() => renderMessage({ a: '{{target.x}}' }, contextFor(nan, 'g'))).toThrow(/not a finite number/);
  });
});
