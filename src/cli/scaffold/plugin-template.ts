/**
 * The files `chimera new-plugin NAME` writes: a working device (a counter with a compare
 * interrupt), its options schema, a board fragment and a test with chimera-sim/testing. Plain
 * JavaScript with JSDoc types, so the plugin runs and type-checks without a build step.
 */

/** Camel-cased identifier from a plugin name (`my-counter` → `myCounter`). */
function identifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
  return /^[0-9]/.test(id) ? `device${id}` : id || 'device';
}

export function scaffoldFiles(name: string, chimeraVersion: string): Record<string, string> {
  const id = identifier(name);
  return {
    'package.json': `${JSON.stringify(
      {
        name,
        version: '0.1.0',
        description: `${name}: a Chimera device plugin`,
        type: 'module',
        private: true,
        main: './index.js',
        exports: { '.': './index.js' },
        scripts: { test: `node --test` },
        peerDependencies: { 'chimera-sim': `^${chimeraVersion}` },
      },
      null,
      2,
    )}\n`,
    'index.js': `// @ts-check
import { PLUGIN_API_VERSION } from 'chimera-sim/plugin';
import optionsSchema from './options.schema.json' with { type: 'json' };

/**
 * Register offsets. Registers are 32-bit values: the bus hands them over as numbers, already in
 * the CPU's byte order, and splits wider accesses into 4-byte ones (maxAccessSize below).
 */
export const REGISTERS = { COUNT: 0x00, COMPARE: 0x04, CTRL: 0x08, STATUS: 0x0c };
/** CTRL bits. */
export const CTRL = { ENABLE: 1, IRQ_ENABLE: 2 };

/** @typedef {{ frequency?: number }} Options */

/**
 * ${name}: a counter that counts up at \`frequency\` while enabled and raises \`irq\` when it
 * reaches COMPARE (STATUS bit 0, write 1 to clear). The count is worked out from virtual time
 * when read; the only event scheduled is the match.
 * @type {import('chimera-sim/plugin').DevicePlugin<Options>}
 */
const ${id} = {
  apiVersion: PLUGIN_API_VERSION,
  name: '${name}',
  description: 'counter with a compare interrupt',
  optionsSchema,
  defaultSize: 0x10,
  maxAccessSize: 4,
  create(ctx) {
    const periodPs = Math.round(1e12 / (ctx.options.frequency ?? 1_000_000));
    const irq = ctx.output('irq');
    let compare = 0, ctrl = 0, status = 0;
    /** Virtual time (ps) at which the count was last set, and the count then. */
    let since = 0, base = 0;
    /** @type {import('chimera-sim/plugin').TimerHandle | undefined} */
    let match;

    /** Whole periods since \`since\`. */
    const elapsed = () => Math.floor((ctx.scheduler.now() - since) / periodPs);
    const count = () => (ctrl & CTRL.ENABLE ? (base + elapsed()) >>> 0 : base);
    const updateIrq = () => irq.set(status & 1 && ctrl & CTRL.IRQ_ENABLE ? 1 : 0);
    /** One event, at the next tick where the count equals COMPARE (2^32 ticks on when it does now). */
    const schedule = () => {
      ctx.scheduler.cancel(match);
      match = undefined;
      if (!(ctrl & CTRL.ENABLE)) return;
      const ticks = (compare - count()) >>> 0 || 0x100000000;
      match = ctx.scheduler.at(since + (elapsed() + ticks) * periodPs, () => {
        status |= 1;
        if (ctx.trace.enabled) ctx.trace.emit({ name: 'match', phase: 'instant', args: { compare } });
        updateIrq();
        schedule();
      }, \`\${ctx.id} match\`);
    };

    return {
      read(offset) {
        switch (offset) {
          case REGISTERS.COUNT: return count();
          case REGISTERS.COMPARE: return compare;
          case REGISTERS.CTRL: return ctrl;
          case REGISTERS.STATUS: return status;
          default:
            ctx.log.warn(\`read of unknown register +0x\${offset.toString(16)}\`);
            return 0;
        }
      },
      write(offset, _size, value) {
        switch (offset) {
          case REGISTERS.COMPARE: compare = value >>> 0; schedule(); break;
          case REGISTERS.CTRL:
            base = count();
            since = ctx.scheduler.now();
            ctrl = value & 3;
            schedule();
            updateIrq();
            break;
          case REGISTERS.STATUS: status &= ~value; updateIrq(); break;
          default: ctx.log.warn(\`write of unknown register +0x\${offset.toString(16)}\`);
        }
      },
      reset() {
        ctx.scheduler.cancel(match);
        match = undefined;
        compare = ctrl = status = base = since = 0;
        irq.lower();
      },
    };
  },
};

export default ${id};
`,
    'options.schema.json': `${JSON.stringify(
      {
        $comment: `devices[].options of ${name}; the board loader checks them against this schema`,
        type: 'object',
        additionalProperties: false,
        properties: { frequency: { type: 'number', exclusiveMinimum: 0, default: 1000000, description: 'counting frequency in Hz' } },
      },
      null,
      2,
    )}\n`,
    'board-fragment.yaml': `# A devices[] entry for ${name}: paste it under \`devices:\` of a board (these lines fit the end of
# boards/virt-aarch64.yaml: 0x0c000000 starts QEMU virt's platform-bus window, which no shipped
# device uses), pick a free base address, and wire irq to an interrupt controller input of that
# board (here the GIC's SPI 10, INTID 42).
# A board loads this plugin only from a folder you allow (docs/trust-model.md), e.g.
#   npx chimera validate my-board.yaml --plugin-dir <the folder that holds ${name}/>
  - id: ${name.replace(/[^A-Za-z0-9_]/g, '_')}0
    plugin: ${name}
    base: 0x0c000000
    size: 0x10
    options: { frequency: 1000000 }
    outputs: { irq: gic.spi10 }
`,
    [`${name}.test.js`]: `// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeviceHarness } from 'chimera-sim/testing';
import ${id}, { CTRL, REGISTERS } from './index.js';

test('counts at its frequency and raises irq when the count reaches COMPARE', () => {
  const h = createDeviceHarness(${id}, { options: { frequency: 1_000_000 } });
  h.write32(REGISTERS.COMPARE, 10);
  h.write32(REGISTERS.CTRL, CTRL.ENABLE | CTRL.IRQ_ENABLE);
  h.advance('9us');
  assert.equal(h.read32(REGISTERS.COUNT), 9);
  assert.equal(h.output('irq').level, 0);
  h.advance('1us');
  assert.equal(h.read32(REGISTERS.STATUS), 1);
  assert.deepEqual(h.output('irq').changes, [{ time: 10_000_000, level: 1 }]);
  h.write32(REGISTERS.STATUS, 1);
  assert.equal(h.output('irq').level, 0);
});

test('keeps quiet while disabled or masked', () => {
  const h = createDeviceHarness(${id}, { options: {} });
  h.write32(REGISTERS.COMPARE, 5);
  h.advance('1ms');
  assert.equal(h.read32(REGISTERS.COUNT), 0);
  h.write32(REGISTERS.CTRL, CTRL.ENABLE);
  h.advance('5us');
  assert.equal(h.read32(REGISTERS.STATUS), 1);
  assert.equal(h.output('irq').level, 0);
});

test('takes an 8-byte access as two 4-byte ones, and refuses options its schema refuses', () => {
  const h = createDeviceHarness(${id}, { options: {} });
  h.write64(REGISTERS.COMPARE, 0x0000000300000007n); // COMPARE = 7, CTRL = 3 (little-endian CPU)
  assert.equal(h.read32(REGISTERS.COMPARE), 7);
  assert.equal(h.read32(REGISTERS.CTRL), 3);
  assert.throws(() => createDeviceHarness(${id}, { options: { frequency: 0 } }), /frequency/);
});
`,
    'README.md': `# ${name}

A Chimera device plugin: a counter with a compare interrupt (\`index.js\`), its options schema
(\`options.schema.json\`), a board entry to paste into a board (\`board-fragment.yaml\`) and its test
(\`${name}.test.js\`, run with \`node --test\` in this folder).

Registers (32-bit): COUNT +0x0 (read only), COMPARE +0x4, CTRL +0x8 (bit 0 enable, bit 1 interrupt
enable), STATUS +0xC (bit 0 match; write 1 to clear). Output line: \`irq\`.

A board loads the plugin by name from a folder you allow: \`--plugin-dir <the folder holding
${name}/>\` or \`CHIMERA_PLUGIN_PATH\`; or install this folder as a package of the board's project
(\`npm install ./${name}\`) and name the package. See Chimera's docs/writing-a-device-plugin.md.
`,
  };
}
