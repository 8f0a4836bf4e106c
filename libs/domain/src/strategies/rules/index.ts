export { rulesStrategy, RULE_NAMES } from './rules-strategy';
export type { RuleName } from './rules-strategy';
export { MAX_RULE_LENGTH, MAX_WINDOW_BARS } from './compile-rule';
