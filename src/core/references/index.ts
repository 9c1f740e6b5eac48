export * from './findReferences';
export * from './resolve';
export * from './tableReferences';
