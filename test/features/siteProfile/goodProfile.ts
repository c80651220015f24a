// A small valid site profile that the parse and batch tests change one field at a time.
import { SITE_PROFILE_FORMAT } from '../../../src/features/siteProfile/siteProfileSchema';

export const good = {
  format: SITE_PROFILE_FORMAT,
  site: { name: 'Plant 7' },
  robots: [{ name: 'picker-{n}', url: 'ws://gw.local:{port}', velocityTopic: '/cmd_vel' }],
  taskTemplates: [
    {
      id: 'go',
      name: 'Go to place',
      adapter: 'actionlib',
      action: '/move_base',
      actionType: 'move_base_msgs/MoveBase',
      target: 'place',
      message: { target_pose: {} },
    },
  ],
  shifts: [{ name: 'Night', start: '22:00', end: '06:00' }],
};
