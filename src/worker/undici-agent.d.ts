// undici's Agent module alone (http-get.ts says why): the class undici's index exports as Agent.
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  export default AgentClass;
}
