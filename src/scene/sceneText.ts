// The 3D panel's own UI text in both console languages (kept here so the scene stays one folder; the app's
// locale store decides which table is used).

import { useLocale, type Locale } from '../i18n/i18n';
import type { RobotFrameStatus } from './sceneUiStore';

const en = {
  'scene.label': '3D site view',
  'scene.top': 'Top-down',
  'scene.perspective': 'Perspective',
  'scene.fit': 'Fit all',
  'scene.follow': 'Follow',
  'scene.followNone': 'Select a robot to follow it',
  'scene.warnings': 'Scene warnings',
  'scene.warningsNone': 'No scene warnings',
  'scene.layers': 'Layers',
  'scene.search': 'Find a place',
  'scene.searchPlaceholder': 'Find a place…',
  'scene.noMatch': 'No place matches',
  'scene.inspector': 'Inspector',
  'scene.close': 'Close',
  'scene.flyTo': 'Fly here',
  'scene.ns': 'Namespace / id',
  'scene.type': 'Type',
  'scene.pose': 'Pose',
  'scene.frame': 'Frame',
  'scene.robot': 'Robot',
  'scene.robotsHidden': 'Robots not shown',
  'scene.waiting': 'Waiting for robots…',
  'scene.layer.grid': 'Site map',
  'scene.layer.robots': 'Robots',
  'scene.status.noLink': 'not connected',
  'scene.status.noTf': 'waiting for /tf',
  'scene.status.stale': 'stale for {s} s',
  'scene.status.notConnected': 'frame {frame} is not connected to {fixed}',
} as const;

export type SceneTextKey = keyof typeof en;

const zhCN: Record<SceneTextKey, string> = {
  'scene.label': '三维现场视图',
  'scene.top': '俯视',
  'scene.perspective': '透视',
  'scene.fit': '全部显示',
  'scene.follow': '跟随',
  'scene.followNone': '先选择一台机器人再跟随',
  'scene.warnings': '场景警告',
  'scene.warningsNone': '没有场景警告',
  'scene.layers': '图层',
  'scene.search': '查找地点',
  'scene.searchPlaceholder': '查找地点…',
  'scene.noMatch': '没有匹配的地点',
  'scene.inspector': '详情',
  'scene.close': '关闭',
  'scene.flyTo': '飞到此处',
  'scene.ns': '命名空间 / 编号',
  'scene.type': '类型',
  'scene.pose': '位姿',
  'scene.frame': '坐标系',
  'scene.robot': '机器人',
  'scene.robotsHidden': '未显示的机器人',
  'scene.waiting': '等待机器人…',
  'scene.layer.grid': '现场地图',
  'scene.layer.robots': '机器人',
  'scene.status.noLink': '未连接',
  'scene.status.noTf': '等待 /tf',
  'scene.status.stale': '已 {s} 秒无更新',
  'scene.status.notConnected': '坐标系 {frame} 未连接到 {fixed}',
};

const tables: Record<Locale, Record<SceneTextKey, string>> = { en, 'zh-CN': zhCN };

export function useSceneText(): (k: SceneTextKey) => string {
  const locale = useLocale((s) => s.locale);
  return (k) => tables[locale]?.[k] ?? en[k];
}

export function sceneText(locale: Locale, k: SceneTextKey, vars: Record<string, string | number> = {}): string {
  const text = tables[locale]?.[k] ?? en[k];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A robot's frame status in the console language. */
export function statusText(locale: Locale, s: RobotFrameStatus): string {
  switch (s.reason) {
    case 'no-link':
      return sceneText(locale, 'scene.status.noLink');
    case 'no-tf':
      return sceneText(locale, 'scene.status.noTf');
    case 'stale':
      return sceneText(locale, 'scene.status.stale', { s: s.seconds ?? 0 });
    case 'not-connected':
      return sceneText(locale, 'scene.status.notConnected', { frame: s.frame ?? '?', fixed: s.fixed ?? '?' });
    default:
      return s.text;
  }
}
