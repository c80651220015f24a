// Tasks: templates, per-robot queues run by the task engine through adapters (actionlib, simple goal, ROS 2
// action, service), the task board, and the paths in the 3D view (tasksSceneExtension).
export { tasksSceneExtension } from './TaskPathLayer';
export { TaskBoard } from './TaskBoard';
export { isTerminal, type Task } from './taskModel';
export { createTaskRepo } from './taskRepo';
export { applyHubTasks, getTaskEngine, startTasks, taskChangeRefused } from './tasksRuntime';
export { templateSchema, type TaskTemplate } from './templates';
export { useTaskStore, flushTaskStore } from './taskStore';
export { templateLabel } from './templateLabel';
export { setResumeQueueAction } from './QueueSafety';
