export { createFleetSim, type FleetSim, type FleetSimHandle, type FleetSimOptions, type FleetSimStats } from './sim.service';
export { seedEstate, type SeedOptions, type SeedReport } from './seed.service';
export { demoEstate, scaleEstate, type Estate, type ScaleProfile } from './estate.model';
export { DEMO_RATES, DEFAULT_TIMINGS, type SimRates, type SimTimings } from './sim-context.model';
export { createManualScheduler, createTimerScheduler, type ManualScheduler, type Scheduler } from './scheduler.service';
export { createRandom, randomFor, hashSeed, type Random } from './random.model';
