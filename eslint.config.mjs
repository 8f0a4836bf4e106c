import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?js$'],
          depConstraints: [
            {
              sourceTag: 'scope:domain',
              onlyDependOnLibsWithTags: ['scope:domain'],
              bannedExternalImports: ['@nestjs/*', 'ioredis', 'bullmq', 'fs', 'node:fs', 'onnxruntime-node', 'better-sqlite3', '@duckdb/*', 'express'],
            },
            {
              sourceTag: 'scope:analytics',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:analytics'],
              bannedExternalImports: ['@nestjs/*', 'ioredis', 'bullmq', 'fs', 'node:fs', 'onnxruntime-node', 'better-sqlite3', '@duckdb/*', 'express'],
            },
            {
              sourceTag: 'scope:infra',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:analytics', 'scope:infra'],
              bannedExternalImports: ['@nestjs/*'],
            },
            {
              sourceTag: 'scope:app',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:analytics', 'scope:infra', 'scope:app'],
            },
            {
              sourceTag: 'scope:tools',
              onlyDependOnLibsWithTags: ['scope:domain', 'scope:analytics', 'scope:infra'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
