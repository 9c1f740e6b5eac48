export * from './types';
export { judgeChain } from './chain';
export { UC_REQUIREMENTS, chainRefs, ucKindRow, ucAction, sqlPrivilege } from './requirements';
export type { ChainLevel, UcAction, UcKindRow, UcRequirement } from './requirements';
export { grantStatement, quoteIdentifier } from './grantSql';
