export * from './levels';
export * from './types';
export * from './evaluate';
export { granters, REQUEST_PREFIX } from './remedies';
