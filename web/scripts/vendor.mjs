// Copies the browser builds of the npm packages in package-lock.json into src/MqApi/wwwroot/lib, so that the
// app serves them without Node.js at run time. With --check it copies nothing and fails when a committed file
// differs from the one in node_modules (run `npm ci` first), which is how CI proves the vendored files come
// from the locked versions.
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const webFolder = join(dirname(fileURLToPath(import.meta.url)), "..");
const wwwroot = join(webFolder, "..", "src", "MqApi", "wwwroot");

/** [file in node_modules, file under wwwroot] */
const files = [
  ["@microsoft/signalr/dist/browser/signalr.min.js", "lib/signalr/signalr.min.js"],
  ["@microsoft/signalr/dist/browser/signalr.min.js.map", "lib/signalr/signalr.min.js.map"],
  // uPlot draws the console's rate charts; its IIFE build defines the global uPlot. MIT: its licence goes along.
  ["uplot/dist/uPlot.iife.min.js", "lib/uplot/uPlot.iife.min.js"],
  ["uplot/dist/uPlot.min.css", "lib/uplot/uPlot.min.css"],
  ["uplot/LICENSE", "lib/uplot/LICENSE"],
];

const check = process.argv.includes("--check");
let differences = 0;

for (const [from, to] of files) {
  const source = join(webFolder, "node_modules", from);
  const target = join(wwwroot, to);
  const shown = relative(join(webFolder, ".."), target);
  if (check) {
    const [expected, actual] = await Promise.all([readFile(source), readFile(target).catch(() => null)]);
    if (actual === null || !expected.equals(actual)) {
      differences++;
      console.error(`${shown} differs from node_modules/${from}; run 'npm run vendor' in web/ and commit it`);
    } else {
      console.log(`${shown} matches node_modules/${from}`);
    }
  } else {
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
    console.log(`copied node_modules/${from} to ${shown}`);
  }
}

if (differences > 0) process.exit(1);
