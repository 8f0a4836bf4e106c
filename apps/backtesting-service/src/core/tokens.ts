/** Injection tokens of the library objects the core module provides. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const STRATEGY_REGISTRY = Symbol('STRATEGY_REGISTRY');
export const MARKET_DATA = Symbol('MARKET_DATA');
export const JOB_STORE = Symbol('JOB_STORE');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const HARDWARE = Symbol('HARDWARE');
