// The kernel in a real browser: Debian's Jupyter Notebook server and headless Chromium (driven by
// playwright-core) open notebooks/intro.ipynb with our kernel, run every cell, and find the
// compiled module's graph drawn as SVG in its output. The page's screenshot is left in
// spec/artifacts/intro-notebook.png for people to look at.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../support/paths.js';
import {
  jupyterSandbox,
  missingPythonModules,
  python,
  type JupyterSandbox,
} from './support/jupyter.js';

const chromiumPath = '/usr/bin/chromium';
const artifacts = path.join(repoRoot, 'spec', 'artifacts');

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the notebook server exited (${server.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no notebook server at ${url} after ${timeoutMs} ms`);
}

interface NotebookState {
  readonly prompts: (number | string | null)[];
  readonly errors: string[];
  readonly svgs: number;
  readonly kernelName: string;
}

// Run in the page (classic Notebook's `Jupyter` global); strings, as this project has no DOM types.
const codeCells = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')`;
const kernelConnected = `window.Jupyter?.notebook?.kernel?.is_connected?.() === true`;
const allCellsRan = `${codeCells}.every((c) => typeof c.input_prompt_number === 'number')`;
const pageState = `({
  prompts: ${codeCells}.map((c) => c.input_prompt_number ?? null),
  errors: [...document.querySelectorAll('.output_error')].map((e) => e.textContent),
  svgs: document.querySelectorAll('.output_area svg').length,
  kernelName: Jupyter.notebook.kernel.name,
})`;

describe('the intro notebook in a browser', function () {
  this.timeout(240_000);
  let sandbox: JupyterSandbox | null = null;
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  let serverLog = '';

  before(async function () {
    const missing = missingPythonModules(['notebook', 'jupyter_client']);
    const reason = !fs.existsSync(chromiumPath)
      ? `no ${chromiumPath} (apt-get install chromium)`
      : missing !== null
        ? `${missing} (apt-get install jupyter-notebook)`
        : null;
    if (reason !== null) {
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    sandbox = await jupyterSandbox();
    const notebooks = path.join(sandbox.directory, 'notebooks');
    fs.mkdirSync(notebooks);
    fs.copyFileSync(
      path.join(repoRoot, 'notebooks', 'intro.ipynb'),
      path.join(notebooks, 'intro.ipynb'),
    );
    const port = await freePort();
    server = spawn(
      python,
      [
        '-m',
        'notebook',
        '--no-browser',
        '--allow-root',
        '--ip=127.0.0.1',
        `--port=${port}`,
        '--NotebookApp.token=',
        '--NotebookApp.password=',
        `--notebook-dir=${notebooks}`,
      ],
      { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitForServer(`${url}/api`, server, 60_000);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/notebooks/intro.ipynb`);
    await page.waitForFunction(kernelConnected, undefined, { timeout: 120_000 });
    await page.evaluate('Jupyter.notebook.execute_all_cells()');
    await page.waitForFunction(allCellsRan, undefined, { timeout: 180_000 });
    state = (await page.evaluate(pageState)) as NotebookState;
    fs.mkdirSync(artifacts, { recursive: true });
    // The notebook scrolls inside the page: show the drawn graph.
    await page.evaluate(`document.querySelector('.output_area svg')?.scrollIntoView()`);
    await page.screenshot({ path: path.join(artifacts, 'intro-notebook.png') });
  });

  let state: NotebookState | null = null;

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await sandbox?.dispose();
  });

  it('starts our kernel for the notebook', () => {
    assert.equal(state?.kernelName, 'torchscript', serverLog);
  });

  it('runs every cell, numbering each, without an error', () => {
    assert.ok(state !== null);
    assert.deepEqual(
      state.prompts,
      state.prompts.map((_, i) => i + 1),
    );
    assert.deepEqual(state.errors, []);
  });

  it('draws the compiled module as an SVG graph', () => {
    assert.ok((state?.svgs ?? 0) > 0, 'no SVG in any output');
  });
});
