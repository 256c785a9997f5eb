/**
 * The render bench's in-page measurements, for any page: long tasks (> 50 ms), frame time
 * (requestAnimationFrame deltas), input delay (keydown dispatch − hardware timestamp, and Event
 * Timing's processingStart − startTime), while the page scrolls an element `scrollRows` rows of
 * 24 px every frame, back and forth over its extent — the script bench/render.ts and the peer pages share.
 */
import type { Page } from '@playwright/test';
import { percentile, round } from './stats.ts';

export interface ProbeSamples {
  longTasks: number[];
  frames: number[];
  inputDelays: number[];
  eventDelays: number[];
  eventDurations: number[];
}

export interface FrameMetrics {
  longTasks: number;
  longestTaskMs: number;
  frames: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Share of frames longer than 1.5 × 16.7 ms (a dropped frame at 60 Hz). */
  droppedFramePct: number;
  keypresses: number;
  inputDelayP95Ms: number;
  inputDelayMaxMs: number;
  /** Event Timing: the longest keydown → next paint among events over 16 ms (0 when none was). */
  eventDurationMaxMs: number;
}

declare global {
  interface Window {
    __probe?: { samples: ProbeSamples; stop: () => void };
  }
}

/** Starts the clocks and the scrolling in the page. */
export async function startProbe(page: Page, scrollSelector: string, scrollRows: number): Promise<void> {
  await page.evaluate(
    ({ selector, rows }) => {
      const samples: ProbeSamples = {
        longTasks: [],
        frames: [],
        inputDelays: [],
        eventDelays: [],
        eventDurations: [],
      };
      const longTasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) samples.longTasks.push(entry.duration);
      });
      longTasks.observe({ type: 'longtask' });
      const events = new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as PerformanceEventTiming[]) {
          if (entry.name !== 'keydown') continue;
          samples.eventDelays.push(entry.processingStart - entry.startTime);
          samples.eventDurations.push(entry.duration);
        }
      });
      events.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
      const onKey = (event: KeyboardEvent) => samples.inputDelays.push(performance.now() - event.timeStamp);
      window.addEventListener('keydown', onKey, { capture: true });
      const scroller = document.querySelector<HTMLElement>(selector);
      if (!scroller) throw new Error(`nothing to scroll at ${selector}`);
      let last = performance.now();
      let direction = 1;
      let running = true;
      // The position is kept here and only written: reading scroll metrics after the frame's DOM
      // changes would force an extra synchronous layout that a wheel never causes.
      let position = scroller.scrollTop;
      let limit = scroller.scrollHeight - scroller.clientHeight;
      let frames = 0;
      const frame = (now: number) => {
        if (!running) return;
        samples.frames.push(now - last);
        last = now;
        if (rows > 0) {
          // Re-read the extent once a second (the book grows and shrinks under load).
          if (++frames % 60 === 0) limit = scroller.scrollHeight - scroller.clientHeight;
          position += direction * 24 * rows;
          if (position >= limit) {
            position = limit;
            direction = -1;
          } else if (position <= 0) {
            position = 0;
            direction = 1;
          }
          scroller.scrollTop = position;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(frame);
      });
      window.__probe = {
        samples,
        stop: () => {
          running = false;
          longTasks.disconnect();
          events.disconnect();
          window.removeEventListener('keydown', onKey, { capture: true });
        },
      };
    },
    { selector: scrollSelector, rows: scrollRows },
  );
}

/** Stops the clocks and returns the figures. */
export async function stopProbe(page: Page): Promise<FrameMetrics> {
  const samples = await page.evaluate(() => {
    const probe = window.__probe;
    if (!probe) throw new Error('instrumentation missing');
    probe.stop();
    return probe.samples;
  });
  const frames = samples.frames.slice(1);
  return {
    longTasks: samples.longTasks.filter((d) => d > 50).length,
    longestTaskMs: round(samples.longTasks.length ? Math.max(...samples.longTasks) : 0),
    frames: frames.length,
    frameP50Ms: round(percentile(frames, 50)),
    frameP95Ms: round(percentile(frames, 95)),
    frameMaxMs: round(frames.length ? Math.max(...frames) : 0),
    droppedFramePct: round((100 * frames.filter((f) => f > 25).length) / Math.max(1, frames.length)),
    keypresses: samples.inputDelays.length,
    inputDelayP95Ms: round(percentile(samples.inputDelays, 95)),
    inputDelayMaxMs: round(Math.max(0, ...samples.inputDelays, ...samples.eventDelays)),
    eventDurationMaxMs: round(Math.max(0, ...samples.eventDurations)),
  };
}
