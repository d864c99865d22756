/**
 * Testing device plugins without a CPU: `createDeviceHarness(plugin, { options })` puts a device
 * on a test bench with virtual time that moves when the test says, output lines to watch, inputs
 * to drive, a serial port, trace capture and register read/write helpers through a real bus view.
 * `createTestContext` gives the bare DeviceContext for tests that call `create` themselves.
 *
 * Framework-neutral: it throws on misuse and returns values to assert on with any test runner
 * (node:test, mocha, vitest).
 * @module
 */
export { DeviceHarness, createDeviceHarness } from './device-harness.js';
export type { DeviceHarnessOptions } from './device-harness.js';
export { createTestContext, TEST_RAM_BASE, TEST_RAM_SIZE } from './test-context.js';
export type { TestContextOptions, TestEnvironment } from './test-context.js';
export { TestScheduler, durationPs } from './test-scheduler.js';
export type { Duration } from './test-scheduler.js';
export { SignalProbe } from './signal-probe.js';
export type { LevelChange } from './signal-probe.js';
export { TestCpu, TestSerial, CapturingLogger } from './test-doubles.js';
