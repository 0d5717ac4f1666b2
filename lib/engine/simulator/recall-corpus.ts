// The recall corpus: (statement, later question) pairs the simulator must answer from the
// conversation, in the ways people actually phrase them. Run by recall-corpus.test.ts (each pair
// as a two-turn conversation, and the statement also in the system instruction where marked) and
// documented in docs/simulator.md. `expect` is what the answer must contain.
export interface RecallPair {
  say: string;
  ask: string;
  expect: string;
  /** The same fact as a system instruction would state it (asked with no earlier turn). */
  system?: string;
}

export const RECALL_CORPUS: readonly RecallPair[] = [
  // names
  { say: "Hi, my name is Ada.", ask: "What's my name?", expect: "Ada", system: "The user's name is Ada." },
  { say: "Call me Grace.", ask: "Do you remember my name?", expect: "Grace" },
  { say: "I'm Linus, nice to meet you.", ask: "Who am I?", expect: "Linus" },
  { say: "Hello! I am Margaret Hamilton", ask: "what is my name", expect: "Margaret Hamilton" },
  { say: "People call me Sam.", ask: "Can you tell me my name?", expect: "Sam" },
  { say: "My name's Ravi.", ask: "Do you know what my name is?", expect: "Ravi" },
  { say: "Everyone calls me Hedy.", ask: "What is my name?", expect: "Hedy", system: "You are a helpful assistant. The user is Hedy." },
  // home / origin
  { say: "I live in Lisbon.", ask: "Do you remember where I live?", expect: "Lisbon", system: "The user lives in Lisbon." },
  { say: "I moved to Oslo last year.", ask: "Where do I live?", expect: "Oslo" },
  { say: "I'm from Porto originally.", ask: "Where am I from?", expect: "Porto" },
  { say: "I'm based in Nairobi.", ask: "Which city do I live in?", expect: "Nairobi" },
  { say: "I live in New York City with my dog.", ask: "Remind me where I live.", expect: "New York City" },
  { say: "I come from Chile.", ask: "What country am I from?", expect: "Chile" },
  // favourites
  { say: "My favourite city is Reykjavik. Please remember it.", ask: "Which city did I say is my favourite?", expect: "Reykjavik" },
  { say: "My favorite color is teal.", ask: "What's my favourite colour?", expect: "teal", system: "The user's favorite color is teal." },
  { say: "My favourite food is ramen.", ask: "What food do I like best?", expect: "ramen" },
  { say: "My favourite band is Radiohead.", ask: "Which band did I say I like most?", expect: "Radiohead" },
  { say: "My favourite number is 7.", ask: "What did I say my favourite number was?", expect: "7" },
  { say: "My favourite book is Dune.", ask: "Do you remember my favourite book?", expect: "Dune" },
  { say: "My favourite season is autumn.", ask: "Which season do I prefer?", expect: "autumn" },
  { say: "My favourite sport is tennis.", ask: "What's my favorite sport again?", expect: "tennis" },
  // orders, bookings, things
  { say: "My order number is 88412 and it hasn't arrived.", ask: "What did I tell you about my order?", expect: "88412" },
  { say: "I ordered a blue kettle on Monday.", ask: "What did I order?", expect: "a blue kettle" },
  { say: "My flight is on Friday at 9am.", ask: "When is my flight?", expect: "Friday at 9am" },
  { say: "The meeting is at 3pm on Tuesday.", ask: "When is the meeting?", expect: "3pm on Tuesday" },
  { say: "Remember that the wifi password is hunter2.", ask: "What was the wifi password?", expect: "hunter2" },
  { say: "Please remember that the door code is 4417.", ask: "What's the door code?", expect: "4417", system: "The door code is 4417." },
  { say: "My booking reference is XK29Q.", ask: "What's my booking reference?", expect: "XK29Q" },
  { say: "My car is a red Volvo.", ask: "What car do I have?", expect: "a red Volvo" },
  { say: "My budget is 500 euros.", ask: "What did I say my budget was?", expect: "500 euros" },
  { say: "My deadline is next Thursday.", ask: "When is my deadline?", expect: "next Thursday" },
  { say: "My appointment is on the 14th.", ask: "Do you remember when my appointment is?", expect: "14th" },
  // work, age, family, pets
  { say: "I work as a nurse at St Mary's.", ask: "What do I do for a living?", expect: "nurse" },
  { say: "I work at Acme Corp.", ask: "Where do I work?", expect: "Acme Corp" },
  { say: "I'm a software engineer.", ask: "What's my job?", expect: "software engineer" },
  { say: "I'm 36 years old.", ask: "How old am I?", expect: "36", system: "The user is 36 years old." },
  { say: "My dog's name is Biscuit.", ask: "What's my dog's name?", expect: "Biscuit" },
  { say: "I have a cat called Miso.", ask: "What is my cat called?", expect: "Miso" },
  { say: "My sister is called Ana.", ask: "What's my sister's name?", expect: "Ana" },
  { say: "My birthday is on 3 March.", ask: "When is my birthday?", expect: "3 March" },
  { say: "My email is ada@example.com.", ask: "What email address did I give you?", expect: "ada@example.com" },
  { say: "My phone number is 555-0142.", ask: "What's my phone number?", expect: "555-0142" },
  // likes, languages, hobbies
  { say: "I love jazz.", ask: "What music do I love?", expect: "jazz" },
  { say: "I like hiking and chess.", ask: "What do I like?", expect: "hiking and chess" },
  { say: "I speak Portuguese and Spanish.", ask: "Which languages do I speak?", expect: "Portuguese and Spanish" },
  { say: "I'm allergic to peanuts.", ask: "What am I allergic to?", expect: "peanuts", system: "The user is allergic to peanuts." },
  { say: "I'm learning Rust.", ask: "What am I learning?", expect: "Rust" },
  { say: "I drive a Tesla.", ask: "What do I drive?", expect: "Tesla" },
  { say: "I have two kids.", ask: "How many kids do I have?", expect: "two" },
  { say: "I'm vegetarian, so no meat for me.", ask: "Do you remember if I'm vegetarian?", expect: "vegetarian" },
  // general facts stated
  { say: "The capital of Peru is Lima.", ask: "What's the capital of Peru?", expect: "Lima" },
  { say: "Our project is called Nightjar.", ask: "What is our project called?", expect: "Nightjar" },
  { say: "The password for the staging server is tulip42.", ask: "What's the staging server password?", expect: "tulip42" },
  { say: "Remember: the launch date is 12 May.", ask: "When is the launch date?", expect: "12 May" },
  { say: "My goal is to run a marathon.", ask: "What's my goal?", expect: "to run a marathon" },
  { say: "My team is the Falcons.", ask: "Which team am I on?", expect: "the Falcons" },
];
