"use client";
// The device camera as a QR reader: getUserMedia into a <video>, a frame copied to
// a canvas a few times a second, and jsQR looking for a code in it. A code that
// stays in front of the lens is answered once; it is scanned again only after it
// has been out of sight for a moment (shown a second time on purpose).
import jsQR from "jsqr";
import { useCallback, useEffect, useRef, useState } from "react";

const SCAN_EVERY_MS = 150;
const OUT_OF_SIGHT_MS = 1500;
const MAX_WIDTH = 640;

/** What a refusal of getUserMedia means for the person holding the device. */
export function cameraProblem(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Camera access was refused. Allow the camera for this site in the browser's settings and press Start camera again, or type the codes below.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
    return "This device has no camera we can use. Type the codes below instead.";
  }
  if (name === "NotReadableError") return "The camera is in use by another app or tab. Close it and press Start camera again, or type the codes below.";
  return "The camera could not be started. Type the codes below instead.";
}

/** `onCode` answers a scan; frames are skipped until its promise settles rather than queued. */
export function useQrCamera(onCode: (code: string) => Promise<unknown>) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const timer = useRef<number | null>(null);
  const last = useRef<{ code: string; at: number } | null>(null);
  const paused = useRef(false);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);

  const stop = useCallback(() => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    setRunning(false);
  }, []);

  const start = useCallback(async () => {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem("This browser cannot use the camera here (it needs a secure https address). Type the codes below instead.");
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (err) {
      setProblem(cameraProblem(err));
      return;
    }
    const video = videoRef.current!;
    video.srcObject = stream.current;
    await video.play().catch(() => undefined);
    setRunning(true);
    const canvas = document.createElement("canvas");
    const g = canvas.getContext("2d", { willReadFrequently: true })!;
    timer.current = window.setInterval(() => {
      if (paused.current || video.readyState < 2 || !video.videoWidth) return;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      g.drawImage(video, 0, 0, canvas.width, canvas.height);
      const found = jsQR(g.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: "attemptBoth" });
      if (!found?.data) return;
      const now = Date.now();
      const seenJustNow = last.current?.code === found.data && now - last.current.at < OUT_OF_SIGHT_MS;
      last.current = { code: found.data, at: now };
      if (seenJustNow) return;
      paused.current = true;
      void onCodeRef.current(found.data).finally(() => {
        // Frames were skipped while the answer came: the code counts as seen until now.
        if (last.current) last.current.at = Date.now();
        paused.current = false;
      });
    }, SCAN_EVERY_MS);
  }, []);

  useEffect(() => stop, [stop]);

  return { videoRef, running, problem, start, stop };
}
