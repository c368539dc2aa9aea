// Drives the patient's screen: follows the protocol status, draws predicted changes on the nearest frame, beeps, reports what was drawn when.
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';
import type { ProtocolStatus } from '../../../src-main/contract/index.ts';
import { useClient } from '../api/client-holder.ts';
import { changeDue, nextScreen, predictedScreen, waitingScreen, type ScreenState } from '../state/patient-screen.ts';

const BEEP_HZ = 1000;
const BEEP_SEC = 0.15;

export function usePatientScreen(status: Ref<ProtocolStatus | null>) {
  const client = useClient();
  const screen = shallowRef<ScreenState>(waitingScreen);
  /** The beep needs the page to be allowed to play sound (a click in a browser tab). */
  const soundBlocked = ref(false);
  let next: ProtocolStatus['next'] = null;
  let frame = 0;
  let periodMs = 1000 / 60;
  let lastFrameTs: number | null = null;
  let seen: ScreenState = waitingScreen;
  let reports: { runId: number; what: 'cue' | 'feedback'; index: number }[] = [];
  let audio: AudioContext | null = null;

  watch(status, (s) => {
    if (!s) return;
    screen.value = nextScreen(screen.value, s);
    next = s.state === 'running' ? s.next : null;
  });

  function beep(): void {
    try {
      audio ??= new AudioContext();
      if (audio.state === 'suspended') {
        soundBlocked.value = true;
        void audio.resume().then(() => (soundBlocked.value = audio?.state !== 'running'));
      }
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = BEEP_HZ;
      gain.gain.setValueAtTime(0.4, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + BEEP_SEC);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + BEEP_SEC);
    } catch {
      soundBlocked.value = true;
    }
  }

  /** A click in a browser tab allows sound from then on. */
  function allowSound(): void {
    audio ??= new AudioContext();
    void audio.resume().then(() => (soundBlocked.value = audio?.state !== 'running'));
  }

  /**
   * Each frame: what changed in the previous frame has reached the screen now (its drawn time is this frame's start);
   * a predicted change due in this frame is made; changes made since are noted for the next frame's report.
   */
  function onFrame(ts: number): void {
    const wall = performance.timeOrigin + ts;
    if (lastFrameTs !== null) {
      const delta = ts - lastFrameTs;
      if (delta > 0 && delta < 100) periodMs = 0.9 * periodMs + 0.1 * delta;
    }
    lastFrameTs = ts;
    for (const report of reports) void client.call('protocol.drawn', { ...report, drawnAtMs: wall });
    reports = [];
    if (next && changeDue(wall, periodMs, next.atMs)) {
      screen.value = predictedScreen(screen.value, next);
      next = null;
    }
    const shown = screen.value;
    if (shown.runId !== null && shown.mode === 'running') {
      const newPhase = shown.phase !== seen.phase || shown.trial !== seen.trial || shown.runId !== seen.runId;
      if (newPhase && shown.phase === 'cue') reports.push({ runId: shown.runId, what: 'cue', index: shown.trial - 1 });
      if (newPhase && shown.phase === 'beep') beep();
      if (shown.seq !== null && shown.seq !== seen.seq) reports.push({ runId: shown.runId, what: 'feedback', index: shown.seq });
    }
    seen = shown;
    frame = requestAnimationFrame(onFrame);
  }

  onMounted(() => {
    frame = requestAnimationFrame(onFrame);
  });
  onBeforeUnmount(() => {
    cancelAnimationFrame(frame);
    void audio?.close();
  });
  return { screen, soundBlocked, allowSound };
}
