/**
 * An event a device reports for the timeline: an instant, or one end of a flow arrow (a mailbox
 * message from one CPU to another). Built only when a tracer listens (`enabled`).
 */
export interface DeviceTraceEvent {
  readonly device: string;
  readonly name: string;
  readonly time: number;
  readonly phase: 'instant' | 'flow-start' | 'flow-end';
  /** Pairs a flow's start and end. */
  readonly flowId?: number;
  /** The CPU track the event belongs on (the CPU that pushed or popped); defaults to the device's track. */
  readonly cpu?: string;
  readonly args?: Readonly<Record<string, number | string>>;
}

export interface DeviceTracer {
  /** True while a tracer listens; check it before building an event. */
  readonly enabled: boolean;
  emit(event: Omit<DeviceTraceEvent, 'device' | 'time'>): void;
}
