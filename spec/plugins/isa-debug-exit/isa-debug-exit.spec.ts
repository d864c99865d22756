import { expect } from 'chai';
import plugin, { type IsaDebugExitOptions } from '../../../plugins/isa-debug-exit/index.js';
import { validateAgainst } from '../../../src/util/json-schema.js';
import { createTestContext } from 'chimera-sim/testing';

function setup(options: IsaDebugExitOptions = {}, cpus = 2) {
  const env = createTestContext<IsaDebugExitOptions>(options, { cpus, id: 'exit' });
  const dev = plugin.create(env.ctx);
  dev.reset();
  return { env, dev };
}

describe('plugins/isa-debug-exit', () => {
  it('a byte write of v ends the run with status (v << 1) | 1, as QEMU', () => {
    for (const v of [0, 1, 0x10, 0xff]) {
      const { env, dev } = setup();
      dev.ioWrite!(0, 1, v, 0);
      expect(env.exits).to.have.length(1);
      expect(env.exits[0].status).to.equal(v * 2 + 1);
      expect(env.exits[0].by).to.match(/exit written with .* by cpu0/);
    }
  });

  it('takes the value at the access width, at any of its ports', () => {
    const { env, dev } = setup();
    dev.ioWrite!(0, 4, 0x12345678, 1);
    dev.ioWrite!(2, 2, 0xabcd1234, 0); // only the low 16 bits travel
    expect(env.exits.map((e) => e.status)).to.deep.equal([0x12345678 * 2 + 1, 0x1234 * 2 + 1]);
    expect(env.exits[0].by).to.match(/by cpu1/);
    expect(dev.ioRead!(0, 1, 0)).to.equal(0);
  });

  it('stops: cpu powers off only that CPU and leaves the run going', () => {
    const { env, dev } = setup({ stops: 'cpu', cpu: 'cpu1' });
    env.cpus[1].state = 'running';
    dev.ioWrite!(0, 1, 3, 1);
    expect(env.cpus[1].state).to.equal('stopped');
    expect(env.cpus[0].state).to.equal('running');
    expect(env.exits).to.deep.equal([]);
    expect(env.log.messages.join()).to.match(/cpu1 powered off .* status 7/);
  });

  it('an unknown CPU is named at reset; a write then ends the run rather than being ignored', () => {
    const { env, dev } = setup({ stops: 'cpu', cpu: 'x86' });
    expect(env.log.messages[0]).to.match(/options\.cpu names no CPU "x86" \(CPUs: cpu0, cpu1\)/);
    dev.ioWrite!(0, 1, 2, 0);
    expect(env.exits.map((e) => e.status)).to.deep.equal([5]);
  });

  it('validates its options', () => {
    const check = (o: unknown) => validateAgainst(plugin.optionsSchema!, o, 'devices[3].options');
    expect(check({ stops: 'cpu' }).join()).to.match(/devices\[3\]\.options: missing required field "cpu"/);
    expect(check({ stops: 'board' }).join()).to.match(/options\.stops: must be one of "machine", "cpu"/);
    expect(check({ stops: 'cpu', cpu: 'cpu0' })).to.deep.equal([]);
    expect(check({})).to.deep.equal([]);
    expect(() => plugin.create(createTestContext<IsaDebugExitOptions>({ cpu: 'cpu0' }).ctx)).to.throw(/only applies with stops: cpu/);
  });
});
