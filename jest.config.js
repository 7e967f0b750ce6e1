/** One root Jest configuration: every suite lives under test/ and runs against the TypeScript sources. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // TypeScript sources, and the ESM-only IP libraries (cidr-tools, ip-bigint) compiled to CommonJS for Jest.
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cidr-tools|ip-bigint)/)'],
  moduleNameMapper: {
    '^@keywatch/(shared|member|central|cli)$': '<rootDir>/packages/$1/lib/index.ts',
  },
  testTimeout: 120000,
};
