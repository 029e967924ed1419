import { afterAll } from "vitest";
import { removeTempDirs } from "./tree.js";

// Temp trees go after each test file, pass or fail, so runs do not pile up in /tmp.
afterAll(() => removeTempDirs());
