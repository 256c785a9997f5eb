/** The OX.FUN simulator as the venue module, tests and benches import it. */
export {
  createOxfunSimulator,
  OXFUN_DEMO_CREDENTIALS,
  type OxfunGatewayState,
  type OxfunSimStats,
  type OxfunSimulator,
} from './simulator.ts';
