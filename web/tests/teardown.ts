// Vant's fixed bars with a placeholder (NavBar, Tabbar) measure themselves
// again 100, 200 and 300 ms after mounting. A test file that ends sooner
// tears jsdom down under those timers, and their "window is not defined"
// fails the whole run though every test passed. Waiting out the last one
// before the environment goes keeps the run honest without hiding errors.
import { afterAll } from 'vitest';

const vantRemeasureMs = 300;

afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, vantRemeasureMs + 50)));
