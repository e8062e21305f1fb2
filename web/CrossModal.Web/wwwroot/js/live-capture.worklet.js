// Runs on the audio rendering thread: gathers the microphone's first channel (at the AudioContext's 44.1 kHz: the
// browser resamples the device) into blocks of 512 samples (11.6 ms) and hands each to the page, which cuts windows.
class LiveCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.block = new Float32Array(512);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let offset = 0;
      while (offset < channel.length) {
        const n = Math.min(channel.length - offset, this.block.length - this.filled);
        this.block.set(channel.subarray(offset, offset + n), this.filled);
        this.filled += n;
        offset += n;
        if (this.filled === this.block.length) {
          this.port.postMessage(this.block);
          this.block = new Float32Array(512);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('live-capture', LiveCapture);
