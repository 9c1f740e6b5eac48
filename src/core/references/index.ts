export * from './findReferences';
export * from './resolve';
