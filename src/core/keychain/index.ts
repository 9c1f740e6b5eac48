export * from './tokenStore';
export * from './keytarStore';
