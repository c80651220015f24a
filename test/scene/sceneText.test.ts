import { describe, expect, it } from 'vitest';
import { sceneText, statusText } from '../../src/scene/sceneText';

describe('scene text', () => {
  it('formats robot frame status in both console languages', () => {
    const lost = { kind: 'lost' as const, text: 'x', reason: 'not-connected' as const, frame: 'base_link', fixed: 'map' };
    expect(statusText('en', lost)).toBe('frame base_link is not connected to map');
    expect(statusText('zh-CN', lost)).toBe('坐标系 base_link 未连接到 map');
    expect(statusText('en', { kind: 'stale', text: 'x', reason: 'stale', seconds: 4 })).toBe('stale for 4 s');
    expect(statusText('en', { kind: 'lost', text: 'raw reason' })).toBe('raw reason');
    expect(sceneText('zh-CN', 'scene.fit')).toBe('全部显示');
  });
});
