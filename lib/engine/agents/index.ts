export { createAgentAdapter, isSimulatedAgent, runAgent, searchCount, SIMULATOR_AGENT_ID } from "./agent-loop";
