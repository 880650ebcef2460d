export * from './fake-clock.ts';
export * from './testdata.ts';
