// The Live page's hot path, in the browser: microphone → 0.5 s windows every 0.25 s → /live/sound → images on screen;
// camera → a frame every 0.4 s → /live/image → 0.5 s sounds played back to back with crossfades. Blazor starts and
// stops a session (Live.razor); everything per window happens here, so an image reaches the screen without a round
// trip through the Blazor circuit. Each session keeps its figures on its root element's data attributes
// (data-images, data-rate, data-latency-p50, ...) for the page's read-out and the end-to-end tests.

const SAMPLE_RATE = 44100;          // the models' rate: the AudioContext runs at it, so the browser resamples the microphone
const WINDOW = SAMPLE_RATE / 2;     // 0.5 s, what S2I is conditioned on
const HOP = SAMPLE_RATE / 4;        // a new window every 0.25 s (windows overlap by half)
const HEADER = 8;                   // uint32 window/frame number, int32 noise seed (little-endian)
const FILMSTRIP = 8;                // the last images kept beside the newest
const FRAME_MS = 400;               // a camera frame every 0.4 s
const FADE = 0.1;                   // crossfade between consecutive 0.5 s sounds (so each adds 0.4 s)
const LEAD = 0.6;                   // seconds of sound kept scheduled ahead of the playback position

let sound = null;
let camera = null;

function part(root, name) { return root.querySelector(`[data-live="${name}"]`); }

function median(values) {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

// Images (or sounds) per second over the last 5 s of a session.
function rate(times, startedAt) {
    const now = performance.now();
    const span = Math.min(5000, now - startedAt);
    if (span < 1000) return 0;
    return times.filter(t => t >= now - 5000).length / (span / 1000);
}

function openSocket(path, session, onAnswer) {
    const url = new URL(path, document.baseURI);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onmessage = e => {
        const message = JSON.parse(e.data);
        if (message.type === 'error') fail(session, message.message);
        else onAnswer(message);
    };
    socket.onclose = e => {
        if (!session.stopped && !session.failed) fail(session, `The live session closed (${e.code}${e.reason ? ': ' + e.reason : ''}).`);
    };
    socket.onerror = () => { };
    return socket;
}

function fail(session, message) {
    if (session.failed || session.stopped) return;
    session.failed = message;
    const error = part(session.root, 'error');
    error.textContent = message;
    error.hidden = false;
    session.root.dataset.state = 'failed';
    session.stop();
    session.page.invokeMethodAsync('OnLiveEnded', session.kind, message).catch(() => { });
}

function header(buffer, sequence, seed) {
    const view = new DataView(buffer);
    view.setUint32(0, sequence, true);
    view.setInt32(4, seed, true);
}

function seedOf(session, sequence) { return session.seedLock ? session.seed : (session.seed + sequence) | 0; }

// ---------------------------------------------------------------- Sound → images

export async function startSound(root, options, page) {
    stopSound();
    const s = {
        kind: 'sound', root, page, seed: options.seed | 0, seedLock: !!options.seedLock, sequence: 0,
        ring: new Float32Array(WINDOW), total: 0, sinceHop: 0, sentAt: new Map(), lastShown: 0,
        latencies: [], shownAt: [], heardCounts: {}, images: 0, silent: 0, skipped: 0, dropped: 0, startedAt: performance.now(),
    };
    s.stop = () => stopSession(s);
    sound = s;
    part(root, 'error').hidden = true;
    root.dataset.state = 'starting';
    try {
        s.stream = await navigator.mediaDevices.getUserMedia({
            audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        });
        s.context = new AudioContext({ sampleRate: SAMPLE_RATE });
        await s.context.audioWorklet.addModule(new URL('./live-capture.worklet.js', import.meta.url));
        const capture = new AudioWorkletNode(s.context, 'live-capture');
        s.context.createMediaStreamSource(s.stream).connect(capture);
        capture.connect(s.context.destination);   // pulled by the graph; it writes no output, so nothing is heard
        capture.port.onmessage = e => onBlock(s, e.data);
        await s.context.resume();
    } catch (e) {
        fail(s, microphoneMessage(e));
        return;
    }
    s.socket = openSocket('live/sound', s, m => onImage(s, m));
    s.timer = setInterval(() => showSoundFigures(s), 250);
    root.dataset.state = 'listening';
    part(root, 'state').textContent = 'listening…';
}

function microphoneMessage(e) {
    if (e && e.name === 'NotAllowedError') return 'The browser was not allowed to use the microphone: allow it for this site and press Start again.';
    if (e && e.name === 'NotFoundError') return 'No microphone was found.';
    return `The microphone could not be opened: ${e && e.message ? e.message : e}`;
}

export function setSeed(seed, seedLock) {
    for (const session of [sound, camera]) {
        if (!session) continue;
        session.seed = seed | 0;
        session.seedLock = !!seedLock;
    }
}

function onBlock(s, block) {
    if (s.stopped) return;
    // The newest WINDOW samples, oldest first.
    s.ring.copyWithin(0, block.length);
    s.ring.set(block, WINDOW - block.length);
    s.total += block.length;
    s.sinceHop += block.length;
    if (s.total < WINDOW || s.sinceHop < HOP) return;
    s.sinceHop -= HOP;
    sendWindow(s);
}

function sendWindow(s) {
    const socket = s.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const bytes = HEADER + WINDOW * 2;
    // A slow connection: skip this window rather than queue it (the server keeps only the newest waiting one anyway).
    if (socket.bufferedAmount > 2 * bytes) { s.skipped++; return; }
    const sequence = ++s.sequence;
    const buffer = new ArrayBuffer(bytes);
    header(buffer, sequence, seedOf(s, sequence));
    const pcm = new Int16Array(buffer, HEADER, WINDOW);
    for (let i = 0; i < WINDOW; i++) {
        const v = Math.max(-1, Math.min(1, s.ring[i]));
        pcm[i] = v < 0 ? v * 32768 : v * 32767;
    }
    s.sentAt.set(sequence, performance.now());   // the window's end: its last samples were just captured
    if (s.sentAt.size > 64) s.sentAt.delete(s.sentAt.keys().next().value);
    socket.send(buffer);
}

async function onImage(s, m) {
    if (s.stopped || m.sequence < s.lastShown) return;
    s.dropped = m.dropped;
    part(s.root, 'level').textContent = `${m.levelDbfs.toFixed(1)} dBFS`;
    if (m.silent) {
        s.silent++;
        s.lastShown = m.sequence;
        s.root.dataset.state = 'listening';
        part(s.root, 'state').textContent = 'listening…';
        return;
    }
    const image = new Image();
    image.src = `data:image/png;base64,${m.png}`;
    image.alt = `generated from window ${m.sequence}`;
    try { await image.decode(); } catch { return; }
    if (s.stopped || m.sequence < s.lastShown) return;
    s.lastShown = m.sequence;
    const big = part(s.root, 'newest');
    big.src = image.src;
    big.dataset.sequence = m.sequence;
    const strip = part(s.root, 'filmstrip');
    image.className = 'live-thumb';
    strip.prepend(image);
    while (strip.children.length > FILMSTRIP) strip.lastElementChild.remove();
    const heard = part(s.root, 'heard');
    heard.textContent = `${m.instrument.replaceAll('_', ' ')} · ${Math.round(m.confidence * 100)} %`;
    heard.dataset.instrument = m.instrument;
    s.heardCounts[m.instrument] = (s.heardCounts[m.instrument] || 0) + 1;
    s.root.dataset.state = 'drawing';
    part(s.root, 'state').textContent = 'drawing';
    requestAnimationFrame(() => {
        const now = performance.now();
        const sent = s.sentAt.get(m.sequence);
        if (sent !== undefined) s.latencies.push(now - sent);
        if (s.latencies.length > 200) s.latencies.shift();
        s.shownAt.push(now);
        if (s.shownAt.length > 400) s.shownAt.shift();
        s.images++;
    });
}

function showSoundFigures(s) {
    const p50 = median(s.latencies);
    const perSecond = rate(s.shownAt, s.startedAt);
    Object.assign(s.root.dataset, {
        images: s.images, silent: s.silent, windows: s.sequence, dropped: s.dropped, skipped: s.skipped,
        rate: perSecond.toFixed(2), latencyP50: p50 === null ? '' : p50.toFixed(0),
        heardMost: Object.entries(s.heardCounts).sort((a, b) => b[1] - a[1]).map(e => e[0])[0] ?? '',
    });
    part(s.root, 'figures').textContent =
        `${perSecond.toFixed(1)} images/s · ${p50 === null ? '–' : p50.toFixed(0)} ms from window to screen (median) · ` +
        `${s.images} images, ${s.silent} silent, ${s.dropped + s.skipped} windows dropped`;
}

export function stopSound() {
    if (sound) stopSession(sound);
    sound = null;
}

// ---------------------------------------------------------------- Camera → sound

export async function startCamera(root, options, page) {
    stopCamera();
    const c = {
        kind: 'camera', root, page, seed: options.seed | 0, seedLock: !!options.seedLock, sequence: 0,
        pending: null, last: null, nextStart: null, fresh: 0, held: 0, underruns: 0, sounds: 0, dropped: 0,
        receivedAt: [], startedAt: performance.now(), playedSeconds: 0,
    };
    c.stop = () => stopSession(c);
    camera = c;
    part(root, 'error').hidden = true;
    root.dataset.state = 'starting';
    try {
        c.stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
        const video = part(root, 'video');
        video.srcObject = c.stream;
        await video.play();
        c.context = new AudioContext({ sampleRate: SAMPLE_RATE });
        await c.context.resume();
    } catch (e) {
        fail(c, e && e.name === 'NotAllowedError'
            ? 'The browser was not allowed to use the camera: allow it for this site and press Start again.'
            : `The camera could not be opened: ${e && e.message ? e.message : e}`);
        return;
    }
    c.canvas = document.createElement('canvas');
    c.canvas.width = c.canvas.height = 256;
    c.socket = openSocket('live/image', c, m => onSound(c, m));
    c.frameTimer = setInterval(() => sendFrame(c), FRAME_MS);
    c.pumpTimer = setInterval(() => pump(c), 50);
    c.figureTimer = setInterval(() => showCameraFigures(c), 250);
    root.dataset.state = 'watching';
}

function sendFrame(c) {
    const socket = c.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || socket.bufferedAmount > 256 * 1024) return;
    const video = part(c.root, 'video');
    if (video.videoWidth === 0) return;
    // The centre square, as an upload is centre-cropped before it is brought to 64 x 64.
    const side = Math.min(video.videoWidth, video.videoHeight);
    const g = c.canvas.getContext('2d');
    g.drawImage(video, (video.videoWidth - side) / 2, (video.videoHeight - side) / 2, side, side, 0, 0, 256, 256);
    c.canvas.toBlob(async blob => {
        if (!blob || c.stopped || socket.readyState !== WebSocket.OPEN) return;
        const jpeg = new Uint8Array(await blob.arrayBuffer());
        const sequence = ++c.sequence;
        const buffer = new ArrayBuffer(HEADER + jpeg.length);
        header(buffer, sequence, seedOf(c, sequence));
        new Uint8Array(buffer, HEADER).set(jpeg);
        socket.send(buffer);
    }, 'image/jpeg', 0.9);
}

async function onSound(c, m) {
    if (c.stopped) return;
    c.dropped = m.dropped;
    const wav = Uint8Array.from(atob(m.wav), ch => ch.charCodeAt(0));
    let buffer;
    try { buffer = await c.context.decodeAudioData(wav.buffer); } catch { return; }
    const spectrogram = new Image();
    spectrogram.src = `data:image/png;base64,${m.spectrogram}`;
    // Newest wins: a sound not yet played is replaced by a newer one.
    c.pending = { buffer, spectrogram, sequence: m.sequence };
    c.sounds++;
    c.receivedAt.push(performance.now());
    if (c.receivedAt.length > 400) c.receivedAt.shift();
}

// Keeps LEAD seconds of sound scheduled: the newest sound not yet played, else the last one again (the picture's sound
// holds until the next is made). An under-run is the scheduled sound running out before more was scheduled: a gap.
function pump(c) {
    if (c.stopped) return;
    const now = c.context.currentTime;
    if (c.nextStart === null) {
        if (!c.pending) return;            // nothing has arrived yet: not a gap, playback has not begun
        c.nextStart = now + 0.1;
    } else if (c.nextStart < now) {
        c.underruns++;
        c.nextStart = now + 0.05;
    }
    while (c.nextStart - now < LEAD) {
        const item = c.pending ?? c.last;
        if (item === c.pending) { c.pending = null; c.fresh++; } else c.held++;
        schedule(c, item);
        c.last = item;
    }
}

function schedule(c, item) {
    const ctx = c.context;
    const t = c.nextStart;
    const duration = item.buffer.duration;
    const source = ctx.createBufferSource();
    source.buffer = item.buffer;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0, t);
    gain.gain.linearRampToValueAtTime(1, t + FADE);
    gain.gain.setValueAtTime(1, t + duration - FADE);
    gain.gain.linearRampToValueAtTime(0, t + duration);
    source.connect(gain).connect(ctx.destination);
    source.start(t);
    c.nextStart = t + duration - FADE;
    c.playedSeconds += duration - FADE;
    setTimeout(() => scroll(c, item), Math.max(0, (t - ctx.currentTime) * 1000));
}

// The spectrogram strip scrolls left by one slice as each sound starts.
function scroll(c, item) {
    if (c.stopped) return;
    const canvas = part(c.root, 'spectrogram');
    const g = canvas.getContext('2d');
    const slice = 48;
    g.drawImage(canvas, -slice, 0);
    if (item.spectrogram.complete) g.drawImage(item.spectrogram, canvas.width - slice, 0, slice, canvas.height);
}

function showCameraFigures(c) {
    Object.assign(c.root.dataset, {
        frames: c.sequence, sounds: c.sounds, fresh: c.fresh, held: c.held, underruns: c.underruns, dropped: c.dropped,
        playedSeconds: c.playedSeconds.toFixed(1), rate: rate(c.receivedAt, c.startedAt).toFixed(2),
    });
    c.root.dataset.state = c.sounds > 0 ? 'playing' : 'watching';
    part(c.root, 'figures').textContent =
        `${c.playedSeconds.toFixed(0)} s played · ${c.sounds} sounds for ${c.sequence} frames · ` +
        `${c.held} held, ${c.underruns} gaps`;
}

export function stopCamera() {
    if (camera) stopSession(camera);
    camera = null;
}

// ---------------------------------------------------------------- both

function stopSession(session) {
    if (session.stopped) return;
    session.stopped = true;
    for (const timer of [session.timer, session.frameTimer, session.pumpTimer, session.figureTimer]) if (timer) clearInterval(timer);
    if (session.socket && session.socket.readyState <= WebSocket.OPEN) session.socket.close(1000, 'stopped');
    if (session.stream) session.stream.getTracks().forEach(t => t.stop());
    if (session.context) session.context.close().catch(() => { });
    if (!session.failed) session.root.dataset.state = 'stopped';
}

export function stopAll() {
    stopSound();
    stopCamera();
}
