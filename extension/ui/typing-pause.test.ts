import { TypingPause } from './typing-pause';

describe('TypingPause', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once, a pause after the last keystroke', () => {
    let runs = 0;
    const pause = new TypingPause(250, () => runs++);
    pause.restart();
    jest.advanceTimersByTime(200);
    pause.restart();
    jest.advanceTimersByTime(200);
    expect(runs).toBe(0);
    jest.advanceTimersByTime(50);
    expect(runs).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(runs).toBe(1);
  });

  it('runs at once when the pause is 0, and never once cancelled', () => {
    let runs = 0;
    new TypingPause(0, () => runs++).restart();
    expect(runs).toBe(1);
    const cancelled = new TypingPause(250, () => runs++);
    cancelled.restart();
    cancelled.cancel();
    jest.advanceTimersByTime(1000);
    expect(runs).toBe(1);
  });
});
