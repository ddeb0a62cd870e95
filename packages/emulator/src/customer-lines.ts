/** What simulated customers are called and say: first lines by queue, replies, goodbyes. @internal */

export const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Diego',
  'Elena',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lena',
]
export const LAST_NAMES = [
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umar',
  'Vega',
]
export const QUESTIONS: Record<string, readonly string[]> = {
  support: [
    'Hi, my order has not arrived yet. Can you check on it?',
    'I was charged twice for the same order.',
    'How do I change the shipping address on my order?',
    'The item I received is damaged. What should I do?',
    'Can I return something I bought three weeks ago?',
  ],
  sales: [
    'Do you offer volume discounts?',
    'Is the blue model back in stock soon?',
    'What is the difference between the standard and the pro version?',
    'Do you ship to Canada?',
  ],
}
export const GENERIC_QUESTIONS = ['Hello, I have a quick question.', 'Hi, can someone help me please?']
export const REPLIES = [
  'Thanks! My order number is 10482.',
  'Ok, that makes sense.',
  'Could you check that for me?',
  'Great, thank you.',
  'Yes, that is the one.',
  'Hmm, I am not sure. Let me look.',
  'Sure, my email is on the account.',
]
export const GOODBYES = [
  'Perfect, that solves it. Thanks a lot!',
  'Thank you, have a nice day!',
  'Great, bye!',
]
