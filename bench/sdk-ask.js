// The openai SDK's plain streaming script: the peer `parley ask` is measured against in the cold-start
// rows of `npm run bench:client`. Usage: node bench/sdk-ask.js BASE_URL MODEL PROMPT (key in BENCH_KEY).
import process from 'node:process';
import OpenAI from 'openai';

const [baseURL, model, prompt] = process.argv.slice(2);
const client = new OpenAI({ apiKey: process.env.BENCH_KEY, baseURL, maxRetries: 0 });
const stream = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: prompt }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const part of stream) {
  const content = part.choices[0]?.delta?.content;
  if (content) process.stdout.write(content);
}
process.stdout.write('\n');
