export * from './ports.ts';
export { openStore, parseStoreUrl, type StoreOptions } from './openStore.ts';
export { UniqueViolation, ForeignKeyViolation } from './errors.ts';
export { uniqueRules, type UniqueRule } from './constraints.ts';
