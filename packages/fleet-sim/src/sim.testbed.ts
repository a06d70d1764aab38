import { simScenarios } from './sim.scenarios';

simScenarios('testbed');
