import { describe, expect, it } from "vitest";
import { extractFacts, lookup, parseQuery } from "./facts";
import { extractTopic, parseLengthRequest } from "./length";
import { findNumbers, findPlaceGroups } from "./extract";

describe("facts", () => {
  const facts = extractFacts([
    "Hello, I'm Ada Lovelace",
    "I live in Rio de Janeiro with my cat, and my favorite color is teal",
    "remember that the wifi password is hunter2",
    "I'm 36 years old. I work as an engineer at Acme",
    "Please note: bring the blue folder",
  ]);
  const ask = (q: string) => {
    const query = parseQuery(q);
    return query ? lookup(facts, query)?.value : undefined;
  };

  it("extracts and recalls", () => {
    expect(ask("what's my name?")).toBe("Ada Lovelace");
    expect(ask("Where do I live?")).toBe("Rio de Janeiro");
    expect(ask("what is my favourite colour?")).toBe("teal");
    expect(ask("What colour do I like best?")).toBe("teal");
    expect(ask("what was the wifi password again?")).toBe("hunter2");
    expect(ask("how old am I?")).toBe("36");
    expect(ask("What do I do?")).toBe("engineer");
  });

  it("does not take questions or pronoun statements for facts", () => {
    expect(extractFacts(["What is my name?", "It is raining", "this is fine"])).toEqual([]);
  });
});

describe("length and topic", () => {
  it.each([
    ["in three sentences", { unit: "sentences", n: 3 }],
    ["at least 2,000 words", { unit: "words", mode: "min", n: 2000 }],
    ["write 500 words", { unit: "words", mode: "exact", n: 500 }],
    ["a 300-word essay", { unit: "words", mode: "exact", n: 300 }],
    ["no more than 40 words", { unit: "words", mode: "max", n: 40 }],
    ["more than 10 words", { unit: "words", mode: "min", n: 11 }],
    ["in one sentence", { unit: "sentences", n: 1 }],
    ["two thousand words", { unit: "words", mode: "exact", n: 2000 }],
    ["4 paragraphs", { unit: "paragraphs", n: 4 }],
    ["list 6 bullet points", { unit: "bullets", n: 6 }],
  ])("%s", (text, want) => {
    expect(parseLengthRequest(`Tell me about owls ${text}.`)).toMatchObject(want);
  });

  it("finds nothing in ordinary text", () => {
    expect(parseLengthRequest("My name is Ada and I am 36.")).toBeNull();
  });

  it("takes the topic after 'about'", () => {
    expect(extractTopic("Write 500 words about the history of tea.", parseLengthRequest("Write 500 words about the history of tea."))).toBe("the history of tea");
    expect(extractTopic("Research suspension bridges and compute 1 + 2")).toBe("suspension bridges");
  });
});

describe("extraction", () => {
  it("groups listed places", () => {
    expect(findPlaceGroups("weather in Paris, Rome and Berlin, then fly to Oslo")).toEqual([["Paris", "Rome", "Berlin"], ["Oslo"]]);
  });
  it("reads numbers in order", () => {
    expect(findNumbers("add 1,500 and twenty-one then -3.5")).toEqual([1500, 21, -3.5]);
    // Digits inside addresses, versions, URLs and dates are not quantities.
    expect(findNumbers("the server at 127.0.0.1:8080 runs v1.2.3; see http://host:99/a/7 on 2026-12-01, order 42")).toEqual([42]);
  });
});
