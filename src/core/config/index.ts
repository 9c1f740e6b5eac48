export * from './types';
export * from './hosts';
export * from './resolve';
