// The session pane's turn model, kept pure so it can be unit-tested without a browser, one module
// per concern (import from here; the names are stable):
// - settings.ts  — run settings and the request fields derived from them (tools, generation_config, fault header)
// - input.ts     — attachments and function-result forms → wire content / steps
// - plan.ts      — the next create request: plan once per change (`planTurn`), build per send (`requestFor`)
// - view.ts      — one view (`TurnView`) of a turn, live (a fold) or stored (the record), and their merge
// - citations.ts — model_output text as markdown with numbered url citations
export * from "./settings";
export * from "./input";
export * from "./plan";
export * from "./view";
export * from "./citations";
