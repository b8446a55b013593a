// The alert's sound and vibration. Browsers allow WebAudio only after the user touched the page, so the context is
// created on the first tap (unlockAlarm) and the beep plays only when it is running; vibration needs no unlock.
let ctx: AudioContext | null = null;

/** Call from a user gesture (any tap on the page): creates or resumes the audio context. */
export function unlockAlarm(): void {
  try {
    if (!ctx) {
      const Ctor =
        window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) {
        return;
      }
      ctx = new Ctor();
    }
    if (ctx.state === 'suspended') {
      void ctx.resume();
    }
  } catch {
    ctx = null;
  }
}

export function alarmReady(): boolean {
  return ctx?.state === 'running';
}

/** Three loud two-tone beeps and a vibration pattern (where supported). */
export function ringAlarm(sound: boolean): void {
  navigator.vibrate?.([500, 200, 500, 200, 500]);
  if (!sound || !ctx || ctx.state !== 'running') {
    return;
  }
  const start = ctx.currentTime + 0.05;
  for (let i = 0; i < 3; i++) {
    for (const [offset, freq] of [
      [0, 988],
      [0.22, 784],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      const at = start + i * 0.7 + offset;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.21);
    }
  }
}
