import { simScenarios } from './sim.scenarios';

simScenarios('sandbox');
