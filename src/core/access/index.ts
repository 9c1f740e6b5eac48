export * from './levels';
export * from './types';
export * from './evaluate';
export { granters, REQUEST_PREFIX } from './remedies';
export { heldText, INCOMPLETE_ACL_CODES } from './heldText';
