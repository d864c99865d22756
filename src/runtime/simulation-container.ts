import 'reflect-metadata';
import { Container } from 'inversify';
import { archModule } from '../arch/arch-module.js';
import { ContainerRef, machineModule } from '../machine/machine-module.js';
import { pluginModule } from '../plugin/plugin-module.js';
import { RuntimeOptions } from './runtime-options.js';

/**
 * One inversify container per simulation. Feature modules register the runtime's services; arch
 * modules join the same container when a board names them.
 */
export function createSimulationContainer(options: RuntimeOptions = {}): Container {
  const container = new Container();
  container.bind(RuntimeOptions).toConstantValue(options);
  container.bind(ContainerRef).toConstantValue(container);
  container.load(archModule, pluginModule, machineModule);
  return container;
}
