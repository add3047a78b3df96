import { expect, test } from '@jupyterlab/galata';

test('a tslab notebook calls the SDK and prints the backend status', async ({ page }) => {
  await page.notebook.createNew('health.ipynb', { kernel: 'tslab' });
  await page.notebook.setCell(
    0,
    'code',
    ["import { health } from '@mlportal/sdk';", 'const h = await health();', 'console.log(`backend ${h.status} on ${h.store}`);'].join('\n')
  );
  await page.notebook.runCell(0);
  const output = await page.notebook.getCellTextOutput(0);
  expect(output?.join('\n')).toContain('backend ok on sqlite');
});
