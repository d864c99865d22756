import { PLUGIN_API_VERSION, type DevicePlugin } from '../../src/api/index.js';
import { Uart16550, type Uart16550Options } from './uart16550.js';

/**
 * 16550A UART in the x86 I/O port space (8 ports, e.g. COM1 at 0x3F8). Output `irq`: a level,
 * high while IIR shows an interrupt. The host end is the device's serial port.
 */
const plugin: DevicePlugin<Uart16550Options> = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'uart16550',
  description: '16550A UART (I/O ports), as QEMU 7.2 presents it to a guest, with line timing at the programmed baud rate',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      baudBase: { type: 'number', exclusiveMinimum: 0, description: 'baud rate at divisor 1, the input clock / 16 (default 115200)' },
      timing: { enum: ['line', 'instant'], description: 'line (default): each character takes its frame time; instant: no line timing, as QEMU' },
      txOverflow: { enum: ['keep', 'drop'], description: 'a THR write with the transmitter full: keep (default, as QEMU) or drop (as a 16550)' },
    },
  },
  defaultSize: 8,
  create: (ctx) => new Uart16550(ctx),
};

export default plugin;
