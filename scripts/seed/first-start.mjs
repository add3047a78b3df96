// For `npm start`: seeds the demo when the catalog is empty, so a fresh clone opens on something to
// discover. The SDK must be built already (start's prepare() builds it).
import { seedDemo } from './demo.mjs';
import { loadSdk } from './sdk.mjs';

/**
 * Seeds the demo catalog when the backend at `url` has no feature group at all; does nothing when
 * it has any (the user's own catalog is left alone). Answers whether it seeded. `log` takes each
 * progress line (default: printed); `rows` limits the flights (default: all 3 million, about half a
 * minute).
 */
export async function seedDemoIfEmpty({ url, token, log, rows }) {
  const { Client, featuresOf } = loadSdk();
  const features = featuresOf(new Client({ url, token }));
  if ((await features.groups()).length > 0) return false;
  await seedDemo(features, { log, rows });
  return true;
}
