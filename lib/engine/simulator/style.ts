// What a system instruction visibly changes in the simulator's prose (never in JSON or arguments):
// letter case, a persona's opening line, and a note in the requested language (the simulator
// cannot translate, and says so in that language).

export interface Style {
  case?: "upper" | "lower";
  /** A short opening line, e.g. "Arr, matey!" for a pirate. */
  prefix?: string;
  /** One-sentence answers. */
  brief?: boolean;
  language?: string;
}

const PERSONAS: [RegExp, string][] = [
  [/\bpirate\b/i, "Arr, matey!"],
  [/\bcowboy\b/i, "Howdy, partner!"],
  [/\brobot\b/i, "Beep boop."],
  [/\bshakespeare|\bbard\b/i, "Hark!"],
  [/\bwizard\b/i, "Behold!"],
  [/\byoda\b/i, "Hmm, yes."],
  [/\bcat\b/i, "Meow."],
  [/\bdog\b/i, "Woof!"],
];

const LANGUAGE_NOTES: Record<string, string> = {
  french: "(Le simulateur local ne sait pas traduire ; voici sa réponse en anglais.)",
  spanish: "(El simulador local no sabe traducir; esta es su respuesta en inglés.)",
  german: "(Der lokale Simulator kann nicht übersetzen; hier ist seine Antwort auf Englisch.)",
  portuguese: "(O simulador local não sabe traduzir; eis a resposta em inglês.)",
  italian: "(Il simulatore locale non sa tradurre; ecco la risposta in inglese.)",
  dutch: "(De lokale simulator kan niet vertalen; hier is het antwoord in het Engels.)",
};

export function readStyle(systemInstruction: string | undefined): Style {
  const s = systemInstruction ?? "";
  if (!s.trim()) return {};
  const style: Style = {};
  if (/\b(?:upper ?case|all caps|all capitals|capital letters|shout(?:ing)?)\b/i.test(s)) style.case = "upper";
  else if (/\blower ?case\b/i.test(s)) style.case = "lower";
  const persona = /\b(?:you are|you're|act as|pretend to be|play|speak like|talk like|respond like|answer like)\s+(?:an?\s+|the\s+)?([\p{L} -]{2,40}?)(?:[.,;!]|$| who| that| and)/iu.exec(s);
  if (persona) {
    const who = persona[1]!.trim();
    const known = PERSONAS.find(([re]) => re.test(who));
    if (known) style.prefix = known[1];
    else if (!/^(?:helpful|(?:a |an |the )?(?:helpful |ai |useful )?(?:assistant|agent)|ai|model|chatbot|bot|language model|concise|brief|expert)$/i.test(who) && who.split(/\s+/).length <= 4)
      style.prefix = `(Speaking as ${/^[aeiou]/i.test(who) ? "an" : "a"} ${who}.)`;
  }
  if (/\b(?:be (?:brief|concise)|one sentence|briefly|concisely|short answers?|keep it short)\b/i.test(s)) style.brief = true;
  const lang = /\b(?:answer|respond|reply|speak|write|talk)\s+(?:only\s+)?in\s+(french|spanish|german|portuguese|italian|dutch)\b/i.exec(s) ?? /\bin (french|spanish|german|portuguese|italian|dutch) only\b/i.exec(s);
  if (lang) style.language = lang[1]!.toLowerCase();
  return style;
}

/** The persona's opening and the language note, if any (what applyStyle puts in front). */
export function styleLead(style: Style): string {
  return [style.prefix, style.language ? LANGUAGE_NOTES[style.language] : undefined].filter(Boolean).join(" ");
}

export function applyStyle(text: string, style: Style): string {
  let out = text;
  if (style.brief) {
    const first = /^.*?[.!?](?=\s|$)/s.exec(out);
    if (first) out = first[0];
  }
  const lead = styleLead(style);
  if (lead && out) out = `${lead} ${out}`;
  if (style.case === "upper") out = out.toUpperCase();
  else if (style.case === "lower") out = out.toLowerCase();
  return out;
}
