import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import plugin, { type VirtioMmioOptions } from '../../../plugins/virtio-mmio/index.js';
import { createTestContext, TEST_RAM_BASE, TEST_RAM_SIZE } from 'chimera-sim/testing';
import { scratchFile } from '../../helpers/toy-harness.js';
import { nodeHostFiles } from '../../../src/util/node-host-files.js';
import { DESC, R, S, TestDriver } from './driver.js';

function device(options: VirtioMmioOptions) {
  const env = createTestContext<VirtioMmioOptions>(options, { id: 'virtio0', hostFiles: nodeHostFiles });
  const dev = plugin.create(env.ctx);
  dev.reset();
  return { env, dev, drv: new TestDriver(env as never, dev) };
}

let imageCount = 0;
/** A raw disk image: sector n starts with "sector n". */
function diskImage(sectors = 64): string {
  const bytes = Buffer.alloc(sectors * 512);
  for (let s = 0; s < sectors; s++) bytes.write(`sector ${s}`, s * 512, 'latin1');
  const file = scratchFile(`disk-${imageCount++}.img`);
  writeFileSync(file, bytes);
  return file;
}

/** A virtio-blk request header: type, reserved, sector. */
function blkHeader(type: number, sector: number): Uint8Array {
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint32(0, type, true);
  v.setUint32(8, sector >>> 0, true);
  v.setUint32(12, Math.floor(sector / 2 ** 32), true);
  return h;
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1').replace(/\0+$/, '');

describe('plugins/virtio-mmio: transport', () => {
  it('an empty slot answers as QEMU: magic, version 2, vendor, device ID 0, zeros, writes ignored, never a fault', () => {
    const { drv } = device({});
    expect([R.MAGIC, R.VERSION, R.DEVICE_ID, R.VENDOR].map((o) => drv.rd(o))).to.deep.equal([0x74726976, 2, 0, 0x554d4551]);
    for (let o = 0x10; o < 0x200; o += 4) if (o !== R.VENDOR) expect(drv.rd(o), `+0x${o.toString(16)}`).to.equal(0);
    drv.wr(R.STATUS, 0xff);
    drv.wr(R.QUEUE_NOTIFY, 0);
    expect(drv.rd(R.STATUS)).to.equal(0);
    expect(drv.dev.read!(0x101, 1, 0)).to.equal(0);
  });

  it('offers VERSION_1 and INDIRECT_DESC; FEATURES_OK only sticks for a subset that includes VERSION_1', () => {
    const { drv } = device({ backend: 'rng' });
    drv.wr(R.DEV_FEAT_SEL, 1);
    expect(drv.rd(R.DEV_FEAT) & 1).to.equal(1);
    drv.wr(R.DEV_FEAT_SEL, 0);
    expect(drv.rd(R.DEV_FEAT) & (1 << 28)).to.not.equal(0);
    expect(drv.init(1, 8, { features: [0, 0] }) & S.FEATURES_OK, 'legacy driver').to.equal(0);
    expect(drv.init(1, 8, { features: [0, 3] }) & S.FEATURES_OK, 'a feature the device lacks').to.equal(0);
    expect(drv.init(1, 8) & S.FEATURES_OK).to.equal(S.FEATURES_OK);
    expect(drv.rd(R.DEVICE_ID)).to.equal(4);
  });

  it('raises irq on a used buffer until the driver acknowledges it; NO_INTERRUPT suppresses it', () => {
    const { env, drv } = device({ backend: 'rng' });
    drv.init(1);
    const irq = env.line('irq');
    drv.submit(0, [{ write: 16 }]);
    expect(irq.level).to.equal(1);
    expect(drv.rd(R.INT_STATUS)).to.equal(1);
    drv.wr(R.INT_ACK, 1);
    expect(irq.level).to.equal(0);
    const Q = drv.queues[0];
    drv.writeDesc(Q.desc, 5, drv.alloc(8), 8, DESC.WRITE, 0);
    drv.publish(0, 5, 1 /* VIRTQ_AVAIL_F_NO_INTERRUPT */);
    drv.notify(0);
    expect(drv.takeUsed(0)).to.deep.equal([
      { id: 0, len: 16 },
      { id: 5, len: 8 },
    ]);
    expect(irq.level).to.equal(0);
  });

  it('does nothing before DRIVER_OK, and takes what was made available when it comes', () => {
    const { drv } = device({ backend: 'rng' });
    drv.init(1, 8, { driverOk: false });
    drv.submit(0, [{ write: 4 }]);
    expect(drv.takeUsed(0)).to.deep.equal([]);
    drv.wr(R.STATUS, drv.rd(R.STATUS) | S.DRIVER_OK);
    expect(drv.takeUsed(0)).to.deep.equal([{ id: 0, len: 4 }]);
  });
});

describe('plugins/virtio-mmio: a hostile driver', () => {
  const broken = (why: string, abuse: (drv: TestDriver) => void): void => {
    it(`${why}: needs reset and a config interrupt, nothing else`, () => {
      const { env, drv } = device({ backend: 'rng' });
      drv.init(1);
      abuse(drv);
      expect(drv.needsReset(), 'DEVICE_NEEDS_RESET').to.equal(true);
      expect(drv.rd(R.INT_STATUS) & 2).to.equal(2);
      expect(env.line('irq').level).to.equal(1);
      expect(env.log.messages.some((m) => m.startsWith('device needs reset'))).to.equal(true);
      // Dead until reset: another good request is not served.
      drv.wr(R.INT_ACK, 3);
      drv.takeUsed(0);
      drv.submit(0, [{ write: 4 }]);
      expect(drv.takeUsed(0)).to.deep.equal([]);
      expect(env.line('irq').level).to.equal(0);
      // A reset (status 0) brings it back.
      drv.init(1);
      expect(drv.needsReset()).to.equal(false);
      drv.submit(0, [{ write: 4 }]);
      expect(drv.takeUsed(0)).to.deep.equal([{ id: 0, len: 4 }]);
    });
  };
  broken('a descriptor index beyond the table', (d) => {
    d.publish(0, 200);
    d.notify(0);
  });
  broken('a chain that loops', (d) => {
    const Q = d.queues[0];
    d.writeDesc(Q.desc, 0, d.alloc(4), 4, DESC.WRITE | DESC.NEXT, 1);
    d.writeDesc(Q.desc, 1, d.alloc(4), 4, DESC.WRITE | DESC.NEXT, 0);
    d.publish(0, 0);
    d.notify(0);
  });
  broken('a buffer outside RAM', (d) => d.submit(0, [{ raw: { addr: 0x1000, len: 16, flags: DESC.WRITE } }]));
  broken('a buffer above 4 GiB', (d) => d.submit(0, [{ raw: { addr: 2 ** 40 + TEST_RAM_BASE, len: 16, flags: DESC.WRITE } }]));
  broken('a 4 GiB length (no allocation of it)', (d) => d.submit(0, [{ raw: { addr: TEST_RAM_BASE, len: 0xffffffff, flags: DESC.WRITE } }]));
  broken('a buffer running off the end of RAM', (d) => d.submit(0, [{ raw: { addr: TEST_RAM_BASE + TEST_RAM_SIZE - 8, len: 16, flags: DESC.WRITE } }]));
  broken('an indirect table of a bad size', (d) => d.submit(0, [{ raw: { addr: d.alloc(64), len: 20, flags: DESC.INDIRECT } }]));
  broken('an indirect table inside an indirect table', (d) => {
    const table = d.alloc(32);
    d.writeDesc(table, 0, d.alloc(32), 32, DESC.INDIRECT, 0);
    d.submit(0, [{ raw: { addr: table, len: 16, flags: DESC.INDIRECT } }]);
  });
  broken('a readable buffer after a writable one', (d) => d.submit(0, [{ write: 4 }, { read: Uint8Array.of(1) }]));
  broken('an available index that jumps past the queue size', (d) => {
    const Q = d.queues[0];
    const h = new Uint8Array(4);
    new DataView(h.buffer).setUint16(2, 100, true);
    d.poke(Q.avail, h);
    d.notify(0);
  });
  broken('a queue size that is not a power of two', (d) => {
    d.wr(R.STATUS, 0);
    d.wr(R.STATUS, S.ACK | S.DRIVER);
    d.setupQueue(0, 6);
  });
  broken('rings outside RAM', (d) => {
    d.wr(R.STATUS, 0);
    d.wr(R.STATUS, S.ACK | S.DRIVER);
    d.setupQueue(0, 8, { used: 0x2000 });
  });
});

describe('plugins/virtio-mmio: virtio-rng', () => {
  const draw = (seed: number, sizes: number[]): string => {
    const { drv } = device({ backend: 'rng', seed });
    drv.init(1);
    return sizes
      .map((n) => {
        const { writable } = drv.submit(0, [{ write: n }]);
        expect(drv.takeUsed(0)[0].len).to.equal(n);
        return Buffer.from(drv.peek(writable[0], n)).toString('hex');
      })
      .join('');
  };

  it('is deterministic: the same seed gives the same bytes, another seed others', () => {
    expect(draw(7, [16, 64, 3])).to.equal(draw(7, [16, 64, 3]));
    expect(draw(7, [32])).to.not.equal(draw(8, [32]));
    expect(draw(7, [32])).to.not.match(/^(00)+$/);
  });

  it('fills at most 64 KiB per request and reports what it wrote', () => {
    const { drv } = device({ backend: 'rng' });
    drv.init(1);
    drv.submit(0, [{ write: 70_000 }]);
    expect(drv.takeUsed(0)[0].len).to.equal(65_536);
  });
});

describe('plugins/virtio-mmio: virtio-blk', () => {
  const read = (drv: TestDriver, sector: number, bytes: number): { status: number; data: string; len: number } => {
    const { writable } = drv.submit(0, [{ read: blkHeader(0, sector) }, { write: bytes }, { write: 1 }]);
    const used = drv.takeUsed(0)[0];
    return { status: drv.peek(writable[1], 1)[0], data: text(drv.peek(writable[0], 9)), len: used.len };
  };
  const write = (drv: TestDriver, sector: number, payload: string): number => {
    const data = new Uint8Array(512);
    data.set(Buffer.from(payload, 'latin1'));
    const { writable } = drv.submit(0, [{ read: blkHeader(1, sector) }, { read: data }, { write: 1 }]);
    drv.takeUsed(0);
    return drv.peek(writable[0], 1)[0];
  };

  it('reads sectors of the image, reports its capacity and announces read-only', () => {
    const { drv } = device({ backend: 'block', image: diskImage(64) });
    drv.init(1);
    expect(drv.rd(R.DEVICE_ID)).to.equal(2);
    expect(drv.rd(R.CONFIG)).to.equal(64);
    drv.wr(R.DEV_FEAT_SEL, 0);
    expect(drv.rd(R.DEV_FEAT) & (1 << 5), 'VIRTIO_BLK_F_RO').to.not.equal(0);
    expect(read(drv, 5, 1024)).to.deep.equal({ status: 0, data: 'sector 5', len: 1025 });
    expect(read(drv, 63, 512).data).to.equal('sector 63');
  });

  it('answers IOERR past the end, UNSUPP for unknown requests, and the ID for GET_ID', () => {
    const { drv } = device({ backend: 'block', image: diskImage(8), serial: 'CHIMERA-DISK-1' });
    drv.init(1);
    expect(read(drv, 8, 512).status).to.equal(1);
    expect(read(drv, 7, 1024).status).to.equal(1);
    const odd = drv.submit(0, [{ read: blkHeader(0, 0) }, { write: 100 }, { write: 1 }]);
    drv.takeUsed(0);
    expect(drv.peek(odd.writable[1], 1)[0], 'not a whole sector').to.equal(1);
    const unknown = drv.submit(0, [{ read: blkHeader(77, 0) }, { write: 1 }]);
    drv.takeUsed(0);
    expect(drv.peek(unknown.writable[0], 1)[0]).to.equal(2);
    const id = drv.submit(0, [{ read: blkHeader(8, 0) }, { write: 20 }, { write: 1 }]);
    drv.takeUsed(0);
    expect(text(drv.peek(id.writable[0], 20))).to.equal('CHIMERA-DISK-1');
  });

  it('refuses writes on a read-only disk and never touches the file', () => {
    const file = diskImage(8);
    const before = readFileSync(file);
    const { dev, drv } = device({ backend: 'block', image: file });
    drv.init(1);
    expect(write(drv, 2, 'overwritten')).to.equal(1);
    expect(read(drv, 2, 512).data).to.equal('sector 2');
    expect(dev.finish!({ clean: true })).to.equal(undefined);
    expect(readFileSync(file)).to.deep.equal(before);
  });

  it('a writable disk shows the guest its writes at once, but the file changes only after a clean run', () => {
    const file = diskImage(8);
    const before = readFileSync(file);
    for (const clean of [false, true]) {
      const { dev, drv } = device({ backend: 'block', image: file, writable: true });
      drv.init(1);
      drv.wr(R.DEV_FEAT_SEL, 0);
      expect(drv.rd(R.DEV_FEAT) & (1 << 9), 'VIRTIO_BLK_F_FLUSH').to.not.equal(0);
      expect(write(drv, 3, 'written!')).to.equal(0);
      expect(read(drv, 3, 512).data).to.equal('written!');
      expect(readFileSync(file), 'during the run').to.deep.equal(before);
      expect(dev.finish!({ clean })).to.equal(undefined);
      if (!clean) expect(readFileSync(file), 'after a failed run').to.deep.equal(before);
    }
    const after = readFileSync(file);
    expect(text(after.subarray(3 * 512, 3 * 512 + 9))).to.equal('written!');
    expect(after.subarray(4 * 512)).to.deep.equal(before.subarray(4 * 512));
  });

  it('without Node (the files a page holds), the disk is the bytes the page holds and a clean run writes into them', () => {
    const bytes = new Uint8Array(readFileSync(diskImage(8)));
    const before = bytes.slice();
    const env = createTestContext<VirtioMmioOptions>({ backend: 'block', image: 'disk.img', writable: true }, { files: { 'disk.img': bytes } });
    const dev = plugin.create(env.ctx);
    dev.reset();
    const drv = new TestDriver(env as never, dev);
    drv.init(1);
    expect(read(drv, 5, 512).data).to.equal('sector 5');
    expect(write(drv, 5, 'in page!')).to.equal(0);
    expect(Buffer.from(bytes), 'during the run').to.deep.equal(Buffer.from(before));
    expect(dev.finish!({ clean: true })).to.equal(undefined);
    expect(text(bytes.subarray(5 * 512, 5 * 512 + 8))).to.equal('in page!');
    expect(bytes.subarray(6 * 512)).to.deep.equal(before.subarray(6 * 512));
  });

  it('scatters a read over many buffers and through an indirect table', () => {
    const { drv } = device({ backend: 'block', image: diskImage(16) });
    drv.init(1);
    const table = drv.alloc(16 * 6);
    const header = drv.alloc(16);
    drv.poke(header, blkHeader(0, 4));
    const parts = [100, 412, 512, 1024].map((n) => ({ n, at: drv.alloc(n) }));
    const status = drv.alloc(1);
    drv.writeDesc(table, 0, header, 16, DESC.NEXT, 1);
    parts.forEach((p, i) => drv.writeDesc(table, i + 1, p.at, p.n, DESC.WRITE | DESC.NEXT, i + 2));
    drv.writeDesc(table, 5, status, 1, DESC.WRITE, 0);
    drv.submit(0, [{ raw: { addr: table, len: 16 * 6, flags: DESC.INDIRECT } }]);
    expect(drv.takeUsed(0)[0].len).to.equal(2049);
    expect(drv.peek(status, 1)[0]).to.equal(0);
    expect(text(drv.peek(parts[0].at, 8))).to.equal('sector 4');
    expect(text(drv.peek(parts[2].at, 8))).to.equal('sector 5');
    expect(text(drv.peek(parts[3].at + 512, 8))).to.equal('sector 7');
  });

  it('an empty image option leaves the slot empty; a missing file is refused with its name', () => {
    expect(device({ backend: 'block', image: '' }).drv.rd(R.DEVICE_ID)).to.equal(0);
    expect(device({ backend: 'rng', present: false }).drv.rd(R.DEVICE_ID)).to.equal(0);
    const env = createTestContext<VirtioMmioOptions>({ backend: 'block', image: '/nonexistent/disk.img' }, { hostFiles: nodeHostFiles });
    expect(() => plugin.create(env.ctx)).to.throw('cannot open /nonexistent/disk.img: no such file');
    const dir = createTestContext<VirtioMmioOptions>({ backend: 'block', image: '/tmp' }, { hostFiles: nodeHostFiles });
    expect(() => plugin.create(dir.ctx)).to.throw('cannot open /tmp: not a regular file');
  });
});

describe('plugins/virtio-mmio: virtio-console', () => {
  it('sends what the guest transmits to the serial port', () => {
    const { env, drv } = device({ backend: 'console' });
    drv.init(2);
    expect(drv.rd(R.DEVICE_ID)).to.equal(3);
    drv.submit(1, [{ read: Buffer.from('hello ', 'latin1') }, { read: Buffer.from('hvc0\n', 'latin1') }]);
    expect(env.serial.text()).to.equal('hello hvc0\n');
    expect(drv.takeUsed(1)).to.deep.equal([{ id: 0, len: 0 }]);
  });

  it('holds typed bytes until the guest posts receive buffers, then fills them in order', () => {
    const { env, drv } = device({ backend: 'console' });
    drv.init(2);
    env.serial.type('ls -l\r');
    expect(drv.takeUsed(0)).to.deep.equal([]);
    const a = drv.offer(0, [{ write: 4 }]);
    const b = drv.offer(0, [{ write: 16 }]);
    drv.notify(0);
    expect(drv.takeUsed(0)).to.deep.equal([
      { id: a.head, len: 4 },
      { id: b.head, len: 2 },
    ]);
    expect(text(drv.peek(a.writable[0], 4)) + text(drv.peek(b.writable[0], 2))).to.equal('ls -l\r');
    env.serial.type('x');
    const c = drv.submit(0, [{ write: 8 }]);
    expect(drv.takeUsed(0)).to.deep.equal([{ id: c.head, len: 1 }]);
  });

  it('drops input beyond its backlog with one warning instead of growing without bound', () => {
    const { env } = device({ backend: 'console' });
    env.serial.type(new Array(70_000).fill(0x41));
    expect(env.log.messages.filter((m) => m.includes('backlog full'))).to.have.length(1);
  });
});
