// npm run build: install what is missing, compile the backend and SDK, build and install the extension.
import { prepare } from './setup/index.mjs';

prepare().catch((err) => {
  console.error(`mlportal: build failed: ${err.message}`);
  process.exit(1);
});
