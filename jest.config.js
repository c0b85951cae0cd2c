// Nest 12 ships ES modules; @swc/jest turns both our TypeScript and those packages into CommonJS.
const transform = {
  '^.+\\.(t|j)s$': ['@swc/jest', {
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  }],
};
const { compilerOptions } = require('./tsconfig.json');
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const common = { transform, // Packages that ship only ES modules are turned into CommonJS for Jest, like Nest's own.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|content-disposition)/)'], moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  // A global option: Jest ignores it inside a project. Unit tests finish far below it anyway.
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], globalSetup: '<rootDir>/test/support/global-setup.ts', globalTeardown: '<rootDir>/test/support/global-teardown.ts' },
  ],
};
