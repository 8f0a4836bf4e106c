import type { MathNode } from 'mathjs';
import { ValidationError } from '../../errors/domain-error';

let parser: ((source: string) => MathNode) | undefined;

/**
 * Returns the parse function of a private mathjs instance, created on first use (creating one
 * takes tens of milliseconds, which importers of the domain should not pay up front). Following
 * https://mathjs.org/docs/expressions/security.html, the functions that evaluate, extend or
 * rewrite expressions are replaced by ones that throw; the parse function taken before that keeps
 * working. Only the syntax tree is used: the rule compiler walks it and allows a fixed set of
 * nodes, so no mathjs function is ever reachable from user text.
 */
function lockedParser(): (source: string) => MathNode {
  if (parser) return parser;
  // Loaded on first use: mathjs takes most of a second to load, which every importer of the
  // domain (workers, the CLI, tests) would otherwise pay whether it uses rules or not.
  const { all, create } = require('mathjs') as typeof import('mathjs');
  const math = create(all);
  const parse = math.parse;
  const disabled = (name: string) => () => {
    throw new Error(`mathjs ${name} is disabled`);
  };
  math.import(
    {
      import: disabled('import'),
      createUnit: disabled('createUnit'),
      evaluate: disabled('evaluate'),
      parse: disabled('parse'),
      simplify: disabled('simplify'),
      derivative: disabled('derivative'),
      resolve: disabled('resolve'),
      reviver: disabled('reviver'),
      compile: disabled('compile'),
    },
    { override: true },
  );
  parser = (source) => parse(source);
  return parser;
}

/** Returns the mathjs syntax tree of `source`; a syntax error throws {@link ValidationError} on `field` with mathjs's message. */
export function parseExpression(source: string, field: string): MathNode {
  try {
    return lockedParser()(source);
  } catch (e) {
    throw new ValidationError(field, 'a valid expression', e instanceof Error ? e.message : String(e));
  }
}
