// The fleet strip (cards, adding a robot) and the selected robot's topics and problems.
export { FleetStrip } from './FleetStrip';
export { ProblemList } from './ProblemList';
export { TopicList } from './TopicList';
