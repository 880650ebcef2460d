export * from './fake-clock.ts';
export * from './testdata.ts';
export * from './leastSquares.ts';
export * from './requireTool.ts';
export * from './until.ts';
