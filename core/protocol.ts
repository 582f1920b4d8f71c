/**
 * The version of the agent protocol (docs/protocol.md, "Versions"), which an
 * agent states when it registers and in every hello. It goes up by one when
 * the agent starts relying on something the service did not do before; the
 * service answers every version up to its own, so services are upgraded first.
 *
 *   1  release 0.1.0 and earlier: the agent does not state it
 *   2  the agent states it
 */
export const AGENT_PROTOCOL = 2;

/** What an agent that does not state its protocol speaks. */
export const UNSTATED_AGENT_PROTOCOL = 1;

/** Why an agent of this protocol cannot work with this service, or null when it can. */
export function protocolRefusal(protocol: number | undefined): string | null {
  const stated = protocol ?? UNSTATED_AGENT_PROTOCOL;
  return stated > AGENT_PROTOCOL
    ? `this agent speaks agent protocol ${stated} and this service at most ${AGENT_PROTOCOL}: upgrade the service before its agents`
    : null;
}
