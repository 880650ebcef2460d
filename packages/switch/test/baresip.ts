import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '@vaxel/testing';

/**
 * baresip, a real softphone, as a test peer: it registers with digest auth, answers calls by
 * itself, sends a sine tone (ausine) and dumps the audio it receives to WAV files (sndfile).
 */
export class Baresip {
  readonly dir: string;
  readonly dumps: string;
  #child: ChildProcess | null = null;
  output = '';

  constructor(options: { sipPort: number; switchPort: number; user: string; password: string }) {
    this.dir = mkdtempSync(join(tmpdir(), 'baresip-'));
    this.dumps = join(this.dir, 'dumps');
    mkdirSync(this.dumps);
    writeFileSync(
      join(this.dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${options.sipPort}`,
        'audio_player aubridge,nowhere',
        'audio_alert aubridge,nowhere',
        'audio_source ausine,440',
        // ausine only produces 48 kHz stereo; baresip resamples to the 8 kHz mono codec.
        'ausrc_srate 48000',
        'auplay_srate 48000',
        'ausrc_channels 2',
        'module_path /usr/lib/baresip/modules',
        'module g711.so',
        'module ausine.so',
        'module aubridge.so',
        'module sndfile.so',
        `snd_path ${this.dumps}`,
        'module_app account.so',
        'module_app menu.so',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(this.dir, 'accounts'),
      `<sip:${options.user}@127.0.0.1:${options.switchPort}>;auth_pass=${options.password};answermode=auto;regint=600;audio_codecs=PCMU\n`,
    );
  }

  start(): void {
    const child = spawn(requireTool('baresip'), ['-4', ...(process.env.BARESIP_TRACE ? ['-s'] : []), '-f', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.#child = child;
  }

  /** The WAV files of received (decoded) audio. */
  receivedAudio(): Buffer[] {
    return readdirSync(this.dumps)
      .filter((f) => f.endsWith('.wav') && f.includes('dec'))
      .map((f) => readFileSync(join(this.dumps, f)));
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }

  cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
