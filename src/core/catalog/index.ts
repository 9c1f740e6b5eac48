export * from './types';
export { judgeChain } from './chain';
export { UC_REQUIREMENTS, ucKindRow, ucAction, sqlPrivilege } from './requirements';
export type { ChainLevel, UcAction, UcKindRow, UcRequirement } from './requirements';
export { grantStatement, quoteIdentifier } from './grantSql';
