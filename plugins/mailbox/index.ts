import { PLUGIN_API_VERSION, type DevicePlugin, type Signal } from '../../src/api/index.js';
import { saveFields, restoreFields, type SavedState } from '../../src/api/index.js';
import { parseDuration } from '../../src/time/units.js';
import { Inbox } from './inbox.js';
import { CTRL, CTRL_CLEAR_OVERFLOW, CTRL_CLEAR_UNDERFLOW, CTRL_IRQ_ENABLE, DATA, STATUS, WINDOW } from './registers.js';

interface MailboxOptions {
  /** Number of inboxes (one per CPU window); default: the board's CPU count. */
  inboxes?: number;
  /** Time from a DATA write until the word is in the inbox, e.g. "100ns". */
  latency?: string;
  /** Time from a DATA read until its slot is free again; default: `latency`. */
  popLatency?: string;
}

/**
 * An inter-processor mailbox: inbox i is written by anyone at window i's DATA and read by its
 * owner there. Registers are 32-bit values, so CPUs of either byte order read the same numbers.
 * Output `irq<i>` is high while inbox i is non-empty and its IRQ_ENABLE is set. Pushes and pops
 * take effect after a latency in virtual time; each word is a flow arrow on the timeline.
 * STATUS.FULL counts words still in flight, so it is exact from the writer's side; NOT_EMPTY and
 * COUNT show only words that have arrived (the reader's side).
 */
const mailbox: DevicePlugin<MailboxOptions> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'mailbox',
  description: 'inter-processor mailbox: a 16-word inbox per CPU with interrupts and latency',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      inboxes: { type: 'integer', minimum: 1, maximum: 64 },
      latency: { type: 'string', pattern: '^[0-9.]+\\s*(ps|ns|us|ms|s)$' },
      popLatency: { type: 'string', pattern: '^[0-9.]+\\s*(ps|ns|us|ms|s)$' },
    },
  },
  create(ctx) {
    const n = ctx.options.inboxes ?? ctx.cpuCount;
    const latency = durationOption(ctx.options.latency ?? '0ns', 'latency');
    const popLatency = ctx.options.popLatency === undefined ? latency : durationOption(ctx.options.popLatency, 'popLatency');
    const inboxes = Array.from({ length: n }, () => new Inbox());
    const irqs: Signal[] = inboxes.map((_, i) => ctx.output(`irq${i}`));
    let nextFlow = 1;

    const cpuName = (initiator: number): string | undefined => ctx.machine.cpus[initiator]?.id;
    const update = (i: number): void => irqs[i].set(inboxes[i].irqEnable && inboxes[i].count > 0 ? 1 : 0);
    // Words in flight and slots being released are data, not closures, so a snapshot can save
    // them and `restore` re-arm them at their times (docs/snapshots.md).
    type Pending = { kind: 'arrive'; inbox: number; value: number; flow: number; time: number } | { kind: 'release'; inbox: number; time: number };
    const pending = new Set<Pending>();
    const perform = (p: Pending): void => {
      if (p.kind === 'arrive') {
        inboxes[p.inbox].arrive(p.value, p.flow);
        update(p.inbox);
      } else inboxes[p.inbox].releasing--;
    };
    const arm = (p: Pending): void => {
      pending.add(p);
      ctx.scheduler.at(p.time, () => {
        pending.delete(p);
        perform(p);
      }, p.kind === 'arrive' ? `${ctx.id} push` : `${ctx.id} pop`);
    };
    const INBOX_STATE = ['words', 'flows', 'inFlight', 'releasing', 'overflow', 'underflow', 'irqEnable'];

    const push = (i: number, value: number, initiator: number): void => {
      // Accepted or refused now, when written: a word that took its slot always arrives.
      if (!inboxes[i].reserve()) {
        if (ctx.trace.enabled) ctx.trace.emit({ name: `inbox${i} overflow`, phase: 'instant', cpu: cpuName(initiator), args: { dropped: value } });
        return;
      }
      const flow = nextFlow++;
      // The word carries everything its writer did before it (happens-before, for --races).
      if (ctx.sync?.enabled) ctx.sync.send(flow, initiator);
      if (ctx.trace.enabled) ctx.trace.emit({ name: `push → inbox${i}`, phase: 'flow-start', flowId: flow, cpu: cpuName(initiator), args: { value, inbox: i } });
      const p: Pending = { kind: 'arrive', inbox: i, value, flow, time: ctx.scheduler.now() + Math.round(latency) };
      if (latency === 0) perform(p);
      else arm(p);
    };

    const pop = (i: number, initiator: number): number => {
      const inbox = inboxes[i];
      const got = inbox.pop();
      if (!got) return 0;
      if (ctx.sync?.enabled) ctx.sync.receive(got.flow, initiator);
      if (ctx.trace.enabled) ctx.trace.emit({ name: `pop ← inbox${i}`, phase: 'flow-end', flowId: got.flow, cpu: cpuName(initiator), args: { value: got.word, inbox: i } });
      // The slot stays taken until the pop has taken effect.
      if (popLatency > 0) {
        inbox.releasing++;
        arm({ kind: 'release', inbox: i, time: ctx.scheduler.now() + Math.round(popLatency) });
      }
      update(i);
      return got.word;
    };

    return {
      read(offset, _size, initiator) {
        const i = Math.floor(offset / WINDOW);
        if (i >= n) return 0;
        switch (offset % WINDOW) {
          case DATA: return pop(i, initiator);
          case STATUS: return inboxes[i].status();
          case CTRL: return inboxes[i].irqEnable ? CTRL_IRQ_ENABLE : 0;
          default: return 0;
        }
      },
      write(offset, _size, value, initiator) {
        const i = Math.floor(offset / WINDOW);
        if (i >= n) return;
        switch (offset % WINDOW) {
          case DATA:
            push(i, value, initiator);
            break;
          case CTRL:
            inboxes[i].irqEnable = (value & CTRL_IRQ_ENABLE) !== 0;
            if (value & CTRL_CLEAR_OVERFLOW) inboxes[i].overflow = false;
            if (value & CTRL_CLEAR_UNDERFLOW) inboxes[i].underflow = false;
            update(i);
            break;
          default:
            ctx.log.warn(`write to read-only or unknown register +0x${offset.toString(16)}`);
        }
      },
      save() {
        return { nextFlow, inboxes: inboxes.map((b) => saveFields(b, INBOX_STATE)), pending: [...pending].map((x) => ({ ...x })) };
      },
      restore(state) {
        nextFlow = state.nextFlow as number;
        const saved = state.inboxes as SavedState[];
        if (saved.length !== n) throw new Error(`saved state has ${saved.length} inboxes, this mailbox ${n}`);
        inboxes.forEach((b, i) => restoreFields(b, INBOX_STATE, saved[i]));
        pending.clear();
        for (const x of state.pending as unknown as Pending[]) arm({ ...x });
      },
      /** Each inbox: words waiting, words in flight, flags; and what is pending with its time. */
      inspect() {
        return { inboxes: inboxes.map((b) => ({ ...saveFields(b, INBOX_STATE), status: b.status() })), pending: [...pending].map((x) => ({ ...x })) };
      },
      reset() {
        pending.clear();
        inboxes.forEach((b, i) => {
          b.reset();
          update(i);
        });
      },
      get size() {
        return n * WINDOW;
      },
    } as ReturnType<DevicePlugin['create']>;
  },
};

function durationOption(text: string, name: string): number {
  const d = parseDuration(text);
  if (d._tag === 'Left') throw new Error(`options.${name}: ${d.left}`);
  return d.right;
}

export default mailbox;
