// Decodes Confluent-framed Avro values with @kafkajs/confluent-schema-registry, which looks up
// every schema id (and any reference) through the registry's Confluent-compatible API.
// Usage: node decode.mjs <ccompat-url> < lines of {"topic", "value": base64}
// Prints one line per input: {"topic", "decoded"} or {"topic", "error"}.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createInterface } from 'node:readline';

const registry = new SchemaRegistry({ host: process.argv[2] });
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { topic, value } = JSON.parse(line);
  try {
    const decoded = await registry.decode(Buffer.from(value, 'base64'));
    console.log(JSON.stringify({ topic, decoded }));
  } catch (error) {
    console.log(JSON.stringify({ topic, error: String(error) }));
  }
}
